/**
 * The alert pipeline's part of `npm start`: run it when Prometheus and Alertmanager are
 * installed, and otherwise say how to get them, without stopping the rest of the stack.
 */
import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Logger } from '../log.js';
import type { StackInfo } from '../stack-file.js';
import { findAlertingBinaries, INSTALL_HINT } from './binaries.js';
import { startAlertPipeline } from './pipeline.js';
import { SANDBOX_NOTIFY_TIMING } from './timing.js';

export type AlertingInfo = NonNullable<StackInfo['alerting']>;

export interface StackAlerting {
  info: AlertingInfo;
  stop(): Promise<void>;
}

export async function startStackAlerting(options: {
  config: Config;
  signonUrl: string;
  /** The webhook's POST URL. */
  webhookUrl: string;
  webhookAuthToken: string;
  logger: Logger;
}): Promise<StackAlerting> {
  const { config, logger } = options;
  if (config.ALERTING === 'off') return { info: { status: 'off', reason: 'ALERTING=off' }, stop: async () => {} };
  const binaries = findAlertingBinaries();
  if ('missing' in binaries) {
    const reason = `${binaries.missing.join(' and ')} not on PATH; to see alerts start rotations: ${INSTALL_HINT}`;
    logger.warn({ missing: binaries.missing }, 'alert pipeline not started');
    return { info: { status: 'off', reason }, stop: async () => {} };
  }
  const pipeline = await startAlertPipeline({
    binaries,
    dir: path.join(config.DATA_DIR, 'alerting'),
    signonUrl: options.signonUrl,
    webhookUrl: options.webhookUrl,
    webhookAuthToken: options.webhookAuthToken,
    prometheusPort: config.PROMETHEUS_PORT,
    alertmanagerPort: config.ALERTMANAGER_PORT,
    environment: config.ALERT_ENVIRONMENT,
    stagingCopy: true,
    timing: { interval: config.ALERT_INTERVAL, for: config.ALERT_FOR, ...SANDBOX_NOTIFY_TIMING },
    logger,
  });
  return {
    info: {
      status: 'running',
      prometheusUrl: pipeline.prometheusUrl,
      alertmanagerUrl: pipeline.alertmanagerUrl,
      environment: config.ALERT_ENVIRONMENT,
    },
    stop: pipeline.stop,
  };
}
