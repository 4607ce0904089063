/**
 * `npm start`: the whole product on this machine. Prints where each part listens, then runs
 * until Ctrl-C. Temporal's history persists in DATA_DIR (.data/), so a restart keeps every rotation.
 */
import path from 'node:path';
import { describeAlerting } from './alerting/describe.js';
import { loadConfig, ConfigError, type Config } from './config/config.js';
import { createLogger } from './log.js';
import { startStack } from './stack.js';
import { routeTemporalLogs } from './temporal/runtime-logging.js';
import { WORKFLOW_TYPE } from './temporal/names.js';

const logger = createLogger('signon-token-rotation');

/** Where a person finds a secret: the variable that set it, or the file generated under DATA_DIR. */
function secretSource(config: Config, variable: 'WEBHOOK_AUTH_TOKEN' | 'CODEC_SERVER_TOKEN', file: string): string {
  return config[variable] ? variable : path.join(config.DATA_DIR, file);
}

function describeStack(info: Awaited<ReturnType<typeof startStack>>['info'], config: Config): string {
  const sandbox = info.sandbox;
  return [
    '',
    'signon-token-rotation is running.',
    `  Temporal          ${info.temporalAddress} (namespace ${info.namespace}, task queue ${info.taskQueue}, workflow type ${WORKFLOW_TYPE})`,
    `  Temporal Web UI   ${info.uiUrl ?? '(external server: use its own UI)'}`,
    `  Alert webhook     ${info.webhookUrl ?? '-'} (bearer token in ${secretSource(config, 'WEBHOOK_AUTH_TOKEN', 'webhook.token')})`,
    `  Payload codec     ${info.codecServerUrl ?? '-'} (the UI decodes through it: sign in at /login with ${secretSource(config, 'CODEC_SERVER_TOKEN', 'codec-server.token')})`,
    ...(sandbox
      ? [
          `  Sandbox Signon    ${sandbox.signonUrl} (/metrics exports token expiry)`,
          `  Sandbox publishing-api ${sandbox.publishingApiUrl}`,
          `  Sandbox Kubernetes ${sandbox.kubernetesUrl} (kubeconfig ${sandbox.kubeconfigPath})`,
        ]
      : []),
    ...describeAlerting(info.alerting),
    '',
    'Try: npm run cli -- start --environment production --api-user short-url-manager@alphagov.co.uk --application publishing-api',
    '     npm run cli -- list     |     npm run demo',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}

try {
  const config = loadConfig();
  routeTemporalLogs(logger.child({ component: 'temporal-sdk' }));
  const stack = await startStack({ config, logger, ephemeral: false });
  process.stdout.write(describeStack(stack.info, config));
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  logger.error({ error }, 'could not start');
  process.exit(1);
}
