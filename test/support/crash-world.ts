/**
 * A rotation world whose worker is a separate OS process, so a test can SIGKILL it at a step
 * boundary and start another. The sandbox stays in the test process: the test reads Signon's
 * event log and flips faults directly, while the worker reaches the sandbox over HTTP.
 * Every world has its own sandbox and task queue, so crash scenarios can run side by side.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/gov-uk.js';
import { rotationWorkflowId, WORKFLOW_TYPE } from '../../src/temporal/names.js';
import { startWorkerProcess, type WorkerProcess } from '../../src/worker/worker-process.js';
import { statusQuery } from '../../workflows/messages.js';
import type { RotationInput, RotationStatus } from '../../workflows/types.js';
import { bundleRotationWorkflow, CODEC_KEYS, FINGERPRINT_KEY, TEST_DATA_CONVERTER } from './rotation-world.js';

const POLL_MS = 100;

export interface CrashWorld {
  sandbox: Sandbox;
  client: Client;
  taskQueue: string;
  /** The worker process now running, if any. */
  readonly worker: WorkerProcess | undefined;
  /** Starts a worker process and waits until it polls. */
  startWorker(): Promise<WorkerProcess>;
  /** SIGKILLs the running worker and waits until it is gone. */
  killWorker(): Promise<void>;
  /** Starts a rotation under an id unique to this world (scenarios share one Temporal server). */
  start(input: RotationInput): Promise<WorkflowHandle>;
  status(handle: WorkflowHandle): Promise<RotationStatus>;
  close(): Promise<void>;
}

export interface CrashWorldOptions {
  temporalAddress: string;
  namespace: string;
  sandbox?: SandboxOptions;
  /** Extra environment for the worker processes. */
  workerEnv?: Record<string, string>;
}

let bundleFile: Promise<string> | undefined;

/** Writes the workflow bundle once per test file, so each worker start skips webpack. */
function workflowBundleFile(): Promise<string> {
  bundleFile ??= (async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'rotation-bundle-'));
    const file = path.join(directory, 'workflow-bundle.js');
    await writeFile(file, (await bundleRotationWorkflow()).code);
    return file;
  })();
  return bundleFile;
}

export async function removeWorkflowBundleFile(): Promise<void> {
  if (bundleFile) await rm(path.dirname(await bundleFile), { recursive: true, force: true });
  bundleFile = undefined;
}

/** Polls `check` until it returns something other than undefined; the error names what never came. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function openCrashWorld(options: CrashWorldOptions): Promise<CrashWorld> {
  const sandbox = await startSandbox({
    kubernetesTiming: { jobDurationMs: 200, podStartDelayMs: 100, rolloutStepDelayMs: 100, podTerminationMs: 100 },
    ...options.sandbox,
  });
  const scratch = await mkdtemp(path.join(tmpdir(), 'crash-world-'));
  const kubeconfig = path.join(scratch, 'kubeconfig.yaml');
  await sandbox.writeKubeconfig(kubeconfig);
  const connection = await Connection.connect({ address: options.temporalAddress });
  const client = new Client({ connection, namespace: options.namespace, dataConverter: TEST_DATA_CONVERTER });
  const taskQueue = `rotation-crash-${randomUUID()}`;
  const started: WorkflowHandle[] = [];
  let worker: WorkerProcess | undefined;

  return {
    sandbox,
    client,
    taskQueue,
    get worker() {
      return worker;
    },
    async startWorker() {
      if (worker) throw new Error('a worker process is already running in this world');
      const next = startWorkerProcess({
        temporalAddress: options.temporalAddress,
        namespace: options.namespace,
        taskQueue,
        codecKeys: CODEC_KEYS,
        fingerprintKey: FINGERPRINT_KEY,
        workflowBundlePath: await workflowBundleFile(),
        sandbox: {
          SANDBOX_SIGNON_URL: sandbox.signon.url,
          SANDBOX_SIGNON_ADMIN_TOKEN: sandbox.signon.adminToken,
          SANDBOX_KUBECONFIG: kubeconfig,
          SANDBOX_SERVER_API_URLS: JSON.stringify(sandbox.serverApiUrls),
        },
        env: { LOG_LEVEL: 'warn', ...options.workerEnv },
      });
      worker = next;
      await next.ready;
      return next;
    },
    async killWorker() {
      const current = worker;
      worker = undefined;
      await current?.kill();
    },
    async start(input) {
      const workflowId = `${rotationWorkflowId({ environment: input.environment, apiUser: input.apiUser, application: input.application })}-${randomUUID()}`;
      const handle = await client.workflow.start(WORKFLOW_TYPE, { taskQueue, workflowId, args: [input] });
      started.push(handle);
      return client.workflow.getHandle(workflowId);
    },
    status: (handle) => handle.query(statusQuery),
    async close() {
      for (const handle of started) {
        const description = await handle.describe().catch(() => undefined);
        if (description?.status.name === 'RUNNING') await handle.terminate('test finished');
      }
      await worker?.stop();
      worker = undefined;
      await connection.close();
      await sandbox.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}
