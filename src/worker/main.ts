/**
 * The worker as a process of its own, against a sandbox that runs elsewhere: crash tests
 * SIGKILL it mid-rotation and start another, and the soak measures its memory. Configuration
 * is the usual environment (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE,
 * CODEC_KEYS, FINGERPRINT_KEY...) plus SANDBOX_* endpoints (sandbox-endpoints.ts) and
 * optionally WORKFLOW_BUNDLE_PATH, a pre-built workflow bundle, so a restart skips webpack.
 * Started with an IPC channel (worker-process.ts), it reports readiness over it and stops
 * when the channel closes: a parent that dies, even by SIGKILL, takes its worker with it.
 */
import { readFile } from 'node:fs/promises';
import { NativeConnection } from '@temporalio/worker';
import { loadDataConverter } from '../codec/load-codec.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { loadFingerprintKey } from '../config/fingerprint-key.js';
import { createLogger } from '../log.js';
import { routeTemporalLogs } from '../temporal/runtime-logging.js';
import { sandboxActivityDeps } from './activity-deps.js';
import { createRotationWorker } from './rotation-worker.js';
import { sandboxEndpointsFromEnv } from './sandbox-endpoints.js';
import { WORKER_RUNNING_MESSAGE } from './worker-process.js';

const logger = createLogger('rotation-worker');

try {
  const config = loadConfig();
  if (!config.TEMPORAL_ADDRESS) throw new ConfigError('TEMPORAL_ADDRESS: required for a worker process (host:port of the Temporal frontend)');
  const endpoints = sandboxEndpointsFromEnv(process.env);
  routeTemporalLogs(logger.child({ component: 'temporal-sdk' }));
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const bundlePath = process.env.WORKFLOW_BUNDLE_PATH;
  const worker = await createRotationWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    dataConverter: await loadDataConverter(config),
    ...(bundlePath ? { workflowBundle: { code: await readFile(bundlePath, 'utf8') } } : {}),
    deps: sandboxActivityDeps(endpoints, config, await loadFingerprintKey(config), logger.child({ component: 'activities' })),
  });
  const stop = (reason: string) => {
    logger.info({ reason }, 'stopping the worker');
    worker.shutdown();
    // Shutdown waits for in-flight tasks; a worker told to go must not linger if one hangs.
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('disconnect', () => stop('parent gone (IPC channel closed)'));
  const running = worker.run();
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, pid: process.pid }, 'worker running');
  process.send?.(WORKER_RUNNING_MESSAGE);
  await running;
  await connection.close();
  process.exit(0);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  logger.error({ error }, 'the worker failed');
  process.exit(1);
}
