/**
 * Starts src/worker/main.ts as a child process tied to this one (it stops when our IPC channel
 * to it closes, so it dies with us however we end). Crash tests SIGKILL it at a step boundary
 * and start another; the soak reads its peak memory. Its log lines are kept in memory, so a
 * test that fails can show what the worker said.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SandboxEndpointEnv } from './sandbox-endpoints.js';

/** What the worker sends over IPC once it polls. */
export const WORKER_RUNNING_MESSAGE = 'worker-running';

const ENTRY = fileURLToPath(new URL('./main.ts', import.meta.url));
const KEPT_LINES = 500;

export interface WorkerProcessOptions {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  codecKeys: string;
  fingerprintKey: string;
  sandbox: SandboxEndpointEnv;
  /** A file holding a bundle from bundleWorkflowCode(): starting then takes a second, not ten. */
  workflowBundlePath?: string;
  /** Extra environment, e.g. LOG_LEVEL or HTTP_TIMEOUT_MS. */
  env?: Record<string, string>;
  /** How long `ready` waits for the worker to poll (default 60 s). */
  readyTimeoutMs?: number;
}

export interface WorkerProcess {
  readonly pid: number;
  /** Resolves once the worker polls; rejects if it exits first. */
  readonly ready: Promise<void>;
  /** Settles with the exit code, or the signal that ended it. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** The worker's last log lines (JSON), for failure messages. */
  output(): string;
  /** Peak resident memory so far (VmHWM), in bytes; undefined once the process is gone. */
  peakRssBytes(): number | undefined;
  /** SIGKILL: no shutdown, no goodbyes, as a node failure or the OOM killer would. */
  kill(): Promise<void>;
  /** SIGTERM: a graceful shutdown. */
  stop(): Promise<void>;
}

export function startWorkerProcess(options: WorkerProcessOptions): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      ...options.env,
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_NAMESPACE: options.namespace,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      CODEC_KEYS: options.codecKeys,
      FINGERPRINT_KEY: options.fingerprintKey,
      ...options.sandbox,
      ...(options.workflowBundlePath ? { WORKFLOW_BUNDLE_PATH: options.workflowBundlePath } : {}),
      // Jest's flags (--experimental-vm-modules) mean nothing to the worker.
      NODE_OPTIONS: '',
    },
  });
  const { pid, stdout, stderr } = child;
  if (pid === undefined || !stdout || !stderr) throw new Error('could not start the worker process');

  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > KEPT_LINES) lines.shift();
  };
  let markReady: () => void = () => {};
  let failReady: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  child.on('message', (message) => {
    if (message === WORKER_RUNNING_MESSAGE) markReady();
  });
  createInterface({ input: stdout }).on('line', keep);
  createInterface({ input: stderr }).on('line', keep);

  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once('exit', (code, signal) => {
      const ending = signal ?? code ?? 0;
      failReady(new Error(`the worker process exited (${ending}) before it polled:\n${lines.slice(-20).join('\n')}`));
      resolve(ending);
    });
  });
  const readyTimer = setTimeout(
    () => failReady(new Error(`the worker process did not poll within ${options.readyTimeoutMs ?? 60_000} ms:\n${lines.slice(-20).join('\n')}`)),
    options.readyTimeoutMs ?? 60_000,
  );
  readyTimer.unref();
  // Keeps unhandled-rejection noise away when nobody awaits readiness.
  ready.catch(() => {}).finally(() => clearTimeout(readyTimer));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });

  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (!gone) child.kill(name);
    await exited;
  };

  return {
    pid,
    ready,
    exited,
    output: () => lines.join('\n'),
    peakRssBytes() {
      if (gone) return undefined;
      try {
        const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
        return kib === undefined ? undefined : Number(kib) * 1024;
      } catch {
        return undefined;
      }
    },
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}
