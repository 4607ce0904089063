/**
 * Reads one variable from a running container with `printenv <VAR>` over the exec websocket.
 * The output is a token: it is returned to the caller and nowhere else, never in an error.
 */
import { Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { PermanentFailure } from '../../domain/errors.js';
import { statusFailure } from './errors.js';

/** Collects what the command writes, in memory only. */
class Collector extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk);
    callback();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

function exitCode(status: V1Status): number | undefined {
  const cause = status.details?.causes?.find((candidate) => candidate.reason === 'ExitCode');
  return cause?.message === undefined ? undefined : Number(cause.message);
}

/** The websocket library reports a refused upgrade only as text: `Unexpected server response: 404`. */
function connectFailure(error: unknown, action: string): Error {
  const text = error instanceof Error ? error.message : typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : '';
  const status = /Unexpected server response: (\d{3})/.exec(text)?.[1];
  // A pod that vanished (replaced by a rollout) is worth a retry with a fresh pod list.
  if (status === '404') return new Error(`${action}: HTTP 404 pod not found`);
  if (status) return statusFailure(action, Number(status));
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'connection failed';
  return new Error(`${action}: network error ${code}`);
}

export function execPrintenv(kubeConfig: KubeConfig, namespace: string, pod: string, container: string, envVar: string, timeoutMs: number): Promise<string | null> {
  const action = `exec printenv ${envVar} in pod ${namespace}/${pod} container ${container}`;
  const stdout = new Collector();
  const stderr = new Collector();
  return new Promise<string | null>((resolve, reject) => {
    let socket: { close(): void } | undefined;
    let settled = false;
    const settle = (outcome: string | null | Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.close();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const timer = setTimeout(() => settle(new Error(`${action}: no answer within ${timeoutMs} ms`)), timeoutMs);

    const onStatus = (status: V1Status): void => {
      if (status.status === 'Success') return settle(stdout.text().replace(/\r?\n$/, ''));
      const code = exitCode(status);
      // printenv exits 1 when the variable is not set.
      if (code === 1) return settle(null);
      settle(new PermanentFailure(`${action}: ${status.reason ?? 'Failure'}${code === undefined ? '' : ` (exit code ${code})`}`));
    };

    new Exec(kubeConfig).exec(namespace, pod, container, ['printenv', envVar], stdout, stderr, null, false, onStatus).then(
      (opened) => {
        socket = opened;
        if (settled) opened.close();
        opened.on('close', () => settle(new Error(`${action}: stream closed before the command finished`)));
      },
      (error: unknown) => settle(connectFailure(error, action)),
    );
  });
}
