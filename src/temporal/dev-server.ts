/**
 * Gives the app and the tests a Temporal server: either one that already runs (TEMPORAL_ADDRESS),
 * or the CLI's dev server started as a child process that stops with us. Either way the
 * rotation's search attributes are registered before this returns, so workflows can set them.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, type Logger } from '../log.js';
import type { TemporalConnectionSettings } from './connection-settings.js';
import { freePort } from './free-port.js';
import { connectWhenReady, waitForHttp } from './readiness.js';
import { registerSearchAttributes, searchAttributeCliArgs } from './search-attribute-registration.js';
import { spawnTied, type TiedProcess } from './tied-process.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Git-ignored; where the log goes for callers with no DATA_DIR of their own (Jest's global setup, scripts). */
const DEFAULT_LOG_DIR = path.join(REPO_ROOT, '.data');
/** The ports Temporal documents, for `npm start`; tests take free ports instead. */
export const DEFAULT_PORT = 7233;
export const DEFAULT_UI_PORT = 8233;

const HOST = '127.0.0.1';
const DEFAULT_NAMESPACE = 'default';
const DEFAULT_START_TIMEOUT_MS = 60_000;
const DEFAULT_STOP_GRACE_MS = 10_000;

export interface StartTemporalOptions {
  /** host:port of a running server (TEMPORAL_ADDRESS); no process is started. */
  address?: string;
  /** TLS and API key for the server at `address`. */
  connection?: TemporalConnectionSettings;
  namespace?: string;
  /** Defaults to env TEMPORAL_CLI_PATH, then .tools/bin/temporal (built by `npm run setup`). */
  cliPath?: string;
  /** gRPC frontend port; 0 or omitted picks a free one. */
  port?: number;
  /** Web UI port; 0 or omitted picks a free one. */
  uiPort?: number;
  /** SQLite file that keeps state across restarts; omitted keeps everything in memory. */
  dbFile?: string;
  /** Directory for the server's log (`temporal-dev-server-<port>.log`); defaults to <repo>/.data. */
  logDir?: string;
  /** Appended to `temporal server start-dev`, e.g. `--ui-codec-endpoint <url>`. */
  extraArgs?: readonly string[];
  logger?: Logger;
  startTimeoutMs?: number;
  stopGraceMs?: number;
}

export interface TemporalServer {
  address: string;
  namespace: string;
  /** Only known for a server we started. */
  uiUrl?: string;
  /** Stops a server we started; a no-op for one given by address. */
  stop(): Promise<void>;
}

export async function startTemporal(options: StartTemporalOptions = {}): Promise<TemporalServer> {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const logger = options.logger ?? createLogger('temporal-dev-server');
  const deadline = Date.now() + (options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  if (options.address) {
    const connection = await connectWhenReady(options.address, namespace, deadline, undefined, options.connection);
    try {
      await registerSearchAttributes(connection, namespace);
    } finally {
      await connection.close();
    }
    logger.info({ address: options.address, namespace }, 'using the Temporal server at TEMPORAL_ADDRESS');
    return { address: options.address, namespace, stop: async () => {} };
  }
  return startDevServer(options, namespace, logger, deadline);
}

/** Where the dev server binary is looked for: explicit path, TEMPORAL_CLI_PATH, then .tools/bin. */
export function temporalCliPath(explicit?: string): string {
  return explicit ?? process.env.TEMPORAL_CLI_PATH ?? path.join(REPO_ROOT, '.tools/bin/temporal');
}

async function startDevServer(
  options: StartTemporalOptions,
  namespace: string,
  logger: Logger,
  deadline: number,
): Promise<TemporalServer> {
  const cliPath = temporalCliPath(options.cliPath);
  if (!existsSync(cliPath)) {
    throw new Error(
      `The Temporal CLI is not at ${cliPath}. Run \`npm run setup\` to build it, ` +
        'or set TEMPORAL_CLI_PATH to a temporal binary, or TEMPORAL_ADDRESS to a running server.',
    );
  }
  const port = options.port || (await freePort(HOST));
  const uiPort = options.uiPort || (await freePort(HOST));
  const args = [
    'server', 'start-dev',
    '--ip', HOST,
    '--port', String(port),
    '--ui-port', String(uiPort),
    '--namespace', namespace,
    '--log-level', 'warn',
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    ...searchAttributeCliArgs(),
    ...(options.extraArgs ?? []),
  ];
  if (options.dbFile) mkdirSync(path.dirname(path.resolve(options.dbFile)), { recursive: true });

  const logDir = options.logDir ?? DEFAULT_LOG_DIR;
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `temporal-dev-server-${port}.log`);
  const logFd = openSync(logFile, 'a');
  const startedAt = Date.now();
  let server: TiedProcess;
  try {
    server = spawnTied(cliPath, args, logFd);
  } finally {
    closeSync(logFd); // the child has its own copy
  }

  const address = `${HOST}:${port}`;
  const uiUrl = `http://${HOST}:${uiPort}`;
  const stopGraceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
  const exitedEarly = (): string | undefined =>
    server.hasExited() ? `The Temporal dev server exited during start-up:\n${tail(logFile)}` : undefined;
  try {
    const connection = await connectWhenReady(address, namespace, deadline, exitedEarly);
    await connection.close();
    await waitForHttp(uiUrl, deadline, exitedEarly);
  } catch (error) {
    await server.stop(stopGraceMs);
    throw error;
  }
  logger.info(
    { address, uiUrl, namespace, serverPid: server.pid, dbFile: options.dbFile ?? null, logFile, startMs: Date.now() - startedAt },
    'Temporal dev server ready',
  );
  return {
    address,
    namespace,
    uiUrl,
    async stop() {
      await server.stop(stopGraceMs);
      logger.info({ address }, 'Temporal dev server stopped');
    },
  };
}

function tail(file: string, lines = 20): string {
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
