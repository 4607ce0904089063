/**
 * One rotation world per test: a fresh GOV.UK sandbox (so every test starts from the fixture),
 * a real worker on its own task queue of the shared Temporal dev server, and a client. The
 * workflow bundle is built once per test file and shared.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll } from '@jest/globals';
import { Client, type Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, type Worker, type WorkflowBundle } from '@temporalio/worker';
import { encryptingDataConverter } from '../../src/codec/load-codec.js';
import { parseCodecKeys } from '../../src/codec/keys.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createLogger, type Logger } from '../../src/log.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/gov-uk.js';
import { createRotationStarter, type RotationStarter } from '../../src/temporal/rotation-starter.js';
import { rotationWorkflowId } from '../../src/temporal/names.js';
import { sandboxActivityDeps } from '../../src/worker/activity-deps.js';
import { createRotationWorker, WORKFLOWS_PATH } from '../../src/worker/rotation-worker.js';
import { statusQuery } from '../../workflows/messages.js';
import type { RotationInput, RotationStatus, StepName } from '../../workflows/types.js';
import { bundleOnce, testAddress, testConnection, testNamespace } from './temporal.js';

export const FINGERPRINT_KEY = 'test-fingerprint-key-0123456789';
/** The payload codec key the worlds' workers and clients share (CODEC_KEYS form). */
export const CODEC_KEYS = `test-key:${'5a'.repeat(32)}`;
export const TEST_DATA_CONVERTER = encryptingDataConverter(parseCodecKeys(CODEC_KEYS, 'test'));

export interface RotationWorld {
  sandbox: Sandbox;
  client: Client;
  starter: RotationStarter;
  taskQueue: string;
  /** Every line the worker's activities logged, for secrecy checks. */
  logLines: string[];
  start(input: RotationInput): Promise<WorkflowHandle>;
  waitForStep(handle: WorkflowHandle, step: StepName, timeoutMs?: number): Promise<RotationStatus>;
  close(): Promise<void>;
}

export function bundleRotationWorkflow(): Promise<WorkflowBundle> {
  return bundleOnce(WORKFLOWS_PATH);
}

interface Shared {
  clientConnection: Connection;
  workerConnection: NativeConnection;
}

let shared: Shared | undefined;

async function connections(): Promise<Shared> {
  shared ??= {
    clientConnection: await testConnection(),
    workerConnection: await NativeConnection.connect({ address: testAddress() }),
  };
  return shared;
}

export async function closeConnections(): Promise<void> {
  if (!shared) return;
  await shared.clientConnection.close();
  await shared.workerConnection.close();
  shared = undefined;
}

function captureLogger(lines: string[]): Logger {
  return createLogger('test-worker', {
    write(chunk: string) {
      lines.push(chunk);
      return true;
    },
  } as NodeJS.WritableStream);
}

export async function openRotationWorld(
  options: { sandbox?: SandboxOptions; config?: Partial<Record<string, string>> } = {},
): Promise<RotationWorld> {
  const { clientConnection, workerConnection } = await connections();
  const bundle = await bundleRotationWorkflow();
  const config: Config = loadConfig({ ...options.config });
  const sandbox = await startSandbox({
    kubernetesTiming: { jobDurationMs: 200, podStartDelayMs: 100, rolloutStepDelayMs: 100, podTerminationMs: 100 },
    ...options.sandbox,
  });
  const logLines: string[] = [];
  const taskQueue = `rotation-test-${randomUUID()}`;
  const worker: Worker = await createRotationWorker({
    connection: workerConnection,
    namespace: testNamespace(),
    taskQueue,
    workflowBundle: bundle,
    dataConverter: TEST_DATA_CONVERTER,
    deps: sandboxActivityDeps(
      {
        signonUrl: sandbox.signon.url,
        signonAdminToken: sandbox.signon.adminToken,
        kubeConfig: sandbox.kubeConfig,
        serverApiUrls: sandbox.serverApiUrls,
      },
      config,
      FINGERPRINT_KEY,
      captureLogger(logLines),
    ),
  });
  const running = worker.run();
  const client = new Client({ connection: clientConnection, namespace: testNamespace(), dataConverter: TEST_DATA_CONVERTER });
  const starter = createRotationStarter(client, { taskQueue });
  const started: WorkflowHandle[] = [];

  return {
    sandbox,
    client,
    starter,
    taskQueue,
    logLines,
    async start(input) {
      const { workflowId } = await starter.start(input);
      const handle = client.workflow.getHandle(workflowId);
      started.push(handle);
      return handle;
    },
    async waitForStep(handle, step, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = await handle.query(statusQuery);
        if (status.currentStep === step) return status;
        if (status.currentStep === 'done' || Date.now() > deadline) {
          throw new Error(`rotation did not reach ${step}; it is at ${status.currentStep}: ${status.summary}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async close() {
      // Rotations left waiting would otherwise sit on the shared server and block the next
      // test's start for the same token (same workflow id).
      for (const handle of started) {
        const description = await handle.describe();
        if (description.status.name === 'RUNNING') await handle.terminate('test finished');
      }
      worker.shutdown();
      await running;
      await sandbox.close();
    },
  };
}

export { rotationWorkflowId };

/**
 * For test files where every test opens its own world: registers the bundling, per-test
 * close and final disconnect hooks, and returns the opener.
 */
export function worldPerTest(): (options?: Parameters<typeof openRotationWorld>[0]) => Promise<RotationWorld> {
  let current: RotationWorld | undefined;
  beforeAll(async () => {
    await bundleRotationWorkflow();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  afterAll(async () => {
    await closeConnections();
  });
  return async (options) => (current = await openRotationWorld(options));
}
