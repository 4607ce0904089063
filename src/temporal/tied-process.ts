/**
 * Runs a long-lived child that cannot outlive this process, however this process ends.
 *
 * A small sh wrapper starts the command and keeps the read end of a pipe whose write end only
 * this process holds. When this process exits (cleanly, by a signal, even by SIGKILL) the kernel
 * closes that end, the wrapper's `read` returns and it sends the command SIGTERM. The wrapper
 * leads its own process group, so stop() can signal wrapper and command together and escalate to
 * SIGKILL; it exits only once the command has, so its exit is the command's exit.
 */
import { spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const WATCHDOG_SCRIPT = [
  // Background jobs get /dev/null as stdin unless they redirect explicitly, so keep a handle.
  'exec 3<&0',
  '"$0" "$@" </dev/null &',
  'child=$!',
  '{ read -r _ <&3; kill -TERM "$child" 2>/dev/null; } &',
  'watcher=$!',
  `trap 'kill -TERM "$child" 2>/dev/null' TERM`,
  // A trapped signal interrupts `wait`; keep waiting until the command is really gone.
  'wait "$child"; status=$?',
  'while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done',
  'kill "$watcher" 2>/dev/null',
  'exit "$status"',
].join('\n');

export interface TiedProcess {
  readonly pid: number;
  /** Settles with the exit code (null when killed by a signal) once the command has exited. */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** SIGTERM, then SIGKILL if it is still running after graceMs. */
  stop(graceMs: number): Promise<void>;
}

/** Starts `command args` with stdout and stderr going to outputFd (e.g. an open log file). */
export function spawnTied(command: string, args: readonly string[], outputFd: number): TiedProcess {
  const child = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, command, ...args], {
    stdio: ['pipe', outputFd, outputFd],
    detached: true,
  });
  const { pid } = child;
  if (pid === undefined) throw new Error(`Could not start ${command}`);

  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });
  // A forgotten stop() must not keep this process alive; the watchdog cleans up on exit.
  child.unref();
  if (child.stdin instanceof Socket) child.stdin.unref();

  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // ESRCH: the group has already gone.
    }
  };

  return {
    pid,
    exited,
    hasExited: () => exitCode !== undefined,
    async stop(graceMs) {
      if (exitCode !== undefined) return;
      // Keep the event loop alive while we wait for the exit event.
      child.ref();
      signalGroup('SIGTERM');
      const timedOut = Symbol('timed out');
      const outcome = await Promise.race([exited, sleep(graceMs, timedOut, { ref: false })]);
      if (outcome === timedOut) {
        signalGroup('SIGKILL');
        await exited;
      }
    },
  };
}
