/**
 * Runs Alertmanager and Prometheus as children tied to this process (they die with it, however
 * it ends), on 127.0.0.1, with the generated config. Returns once both answer /-/ready.
 */
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.js';
import { freePort } from '../temporal/free-port.js';
import { spawnTied, type TiedProcess } from '../temporal/tied-process.js';
import type { AlertingBinaries } from './binaries.js';
import { writeAlertingConfig, type AlertingConfigFiles, type AlertingConfigOptions } from './config-files.js';

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 5_000;
const DEFAULT_START_TIMEOUT_MS = 30_000;
const READY_POLL_MS = 100;

export interface AlertPipelineOptions extends Omit<AlertingConfigOptions, 'alertmanagerPort'> {
  binaries: AlertingBinaries;
  /** 0 or omitted: a free port. */
  prometheusPort?: number;
  alertmanagerPort?: number;
  logger: Logger;
  startTimeoutMs?: number;
}

export interface AlertPipeline {
  prometheusUrl: string;
  alertmanagerUrl: string;
  configFiles: AlertingConfigFiles;
  stop(): Promise<void>;
}

interface Child {
  name: string;
  process: TiedProcess;
  url: string;
  logFile: string;
}

function startChild(name: string, binary: string, args: string[], url: string, dir: string): Child {
  const logFile = path.join(dir, `${name}.log`);
  const logFd = openSync(logFile, 'a');
  try {
    return { name, process: spawnTied(binary, args, logFd), url, logFile };
  } finally {
    closeSync(logFd); // the child has its own copy
  }
}

function tail(file: string, lines = 15): string {
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** /-/ready answers 503 while Prometheus loads its TSDB, so only a 200 counts. */
async function waitReady(child: Child, deadline: number): Promise<void> {
  for (;;) {
    if (child.process.hasExited()) throw new Error(`${child.name} exited during start-up:\n${tail(child.logFile)}`);
    const status = await fetch(`${child.url}/-/ready`, { signal: AbortSignal.timeout(1_000) }).then(
      async (response) => {
        await response.body?.cancel();
        return response.status;
      },
      () => undefined,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${child.name} at ${child.url} did not become ready; its log is ${child.logFile}`);
    await sleep(READY_POLL_MS);
  }
}

export async function startAlertPipeline(options: AlertPipelineOptions): Promise<AlertPipeline> {
  const { binaries, logger } = options;
  const dir = path.resolve(options.dir);
  const deadline = Date.now() + (options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  const alertmanagerPort = options.alertmanagerPort || (await freePort(HOST));
  const prometheusPort = options.prometheusPort || (await freePort(HOST));
  const configFiles = await writeAlertingConfig({ ...options, dir, alertmanagerPort });

  const children: Child[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await child.process.stop(STOP_GRACE_MS);
  };
  try {
    const alertmanagerUrl = `http://${HOST}:${alertmanagerPort}`;
    // Sending first, so Prometheus' first alerts find Alertmanager listening.
    const alertmanager = startChild(
      'alertmanager',
      binaries.alertmanager,
      [
        `--config.file=${configFiles.alertmanagerConfig}`,
        `--storage.path=${path.join(dir, 'alertmanager-data')}`,
        `--web.listen-address=${HOST}:${alertmanagerPort}`,
        `--web.external-url=${alertmanagerUrl}`,
        // An empty address turns off HA gossip, which would otherwise listen on 0.0.0.0:9094.
        '--cluster.listen-address=',
      ],
      alertmanagerUrl,
      dir,
    );
    children.push(alertmanager);
    await waitReady(alertmanager, deadline);

    const prometheusUrl = `http://${HOST}:${prometheusPort}`;
    const prometheus = startChild(
      'prometheus',
      binaries.prometheus,
      [
        `--config.file=${configFiles.prometheusConfig}`,
        `--storage.tsdb.path=${path.join(dir, 'prometheus-data')}`,
        '--storage.tsdb.retention.time=1d',
        `--web.listen-address=${HOST}:${prometheusPort}`,
        `--web.external-url=${prometheusUrl}`,
      ],
      prometheusUrl,
      dir,
    );
    children.push(prometheus);
    await waitReady(prometheus, deadline);

    logger.info(
      { prometheusUrl, alertmanagerUrl, prometheusPid: prometheus.process.pid, alertmanagerPid: alertmanager.process.pid, dir },
      'alert pipeline ready',
    );
    return { prometheusUrl, alertmanagerUrl, configFiles, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
