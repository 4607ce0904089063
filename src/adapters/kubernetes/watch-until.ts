/**
 * Waits for one object to reach a verdict the way a client-go reflector would: list it to get
 * a resourceVersion, watch from there, and whenever the stream ends without a verdict (the
 * apiserver closes watches routinely, or answers 410 Expired once the resourceVersion is
 * compacted) list again and resume. Heartbeats go out on a timer the whole time.
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { setTimeout as delay } from 'node:timers/promises';
import { PermanentFailure } from '../../domain/errors.js';
import type { Logger } from '../../log.js';
import { describeFailure, httpStatusOf } from './errors.js';

export interface WatchTarget<T> {
  /** `Job apps/name`, for messages. */
  description: string;
  /** API path of the collection, e.g. /apis/batch/v1/namespaces/apps/jobs. */
  collectionPath: string;
  name: string;
  /** Lists the object by name; `object` is undefined when it does not exist. */
  list(): Promise<{ object: T | undefined; resourceVersion: string }>;
  /** True when the wait is over; throws PermanentFailure when it has failed. */
  judge(object: T): boolean;
}

export interface WatchTiming {
  progressIntervalMs: number;
  /** Asks the apiserver to end each watch after this long; we then re-list and resume. */
  watchTimeoutSeconds: number;
  /** Pause before re-establishing a watch the server ended, so a flapping server is not hammered. */
  retryDelayMs: number;
  /**
   * Our own limit on one watch, past the server's timeoutSeconds: a watch whose server went
   * silent would otherwise hang while the heartbeats keep the activity looking alive.
   */
  stallGuardMs: number;
}

type WatchOutcome = 'done' | 'ended' | 'expired';

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('the wait was cancelled');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function watchOnce<T>(kubeConfig: KubeConfig, target: WatchTarget<T>, resourceVersion: string, timing: WatchTiming, signal: AbortSignal): Promise<WatchOutcome> {
  return new Promise<WatchOutcome>((resolve, reject) => {
    let controller: AbortController | undefined;
    let settled = false;
    const guard = setTimeout(() => settle('ended'), timing.stallGuardMs);
    const settle = (outcome: WatchOutcome | Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      signal.removeEventListener('abort', onAbort);
      controller?.abort();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = (): void => settle(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    // Cancelled between the list and now: the listener above will never fire.
    if (signal.aborted) onAbort();

    const onEvent = (phase: string, object: unknown): void => {
      if (phase === 'BOOKMARK') return;
      if (phase === 'ERROR') {
        const code = isObject(object) ? object.code : undefined;
        settle(code === 410 ? 'expired' : describeFailure(Object.assign(new Error('watch error event'), { statusCode: code }), `watch ${target.description}`));
        return;
      }
      if (phase === 'DELETED') {
        settle(new PermanentFailure(`${target.description} was deleted before it finished`));
        return;
      }
      try {
        // Watch events carry the raw JSON; the judges read only fields spelled alike in both.
        if (isObject(object) && target.judge(object as T)) settle('done');
      } catch (error) {
        settle(error instanceof Error ? error : new Error(`judging ${target.description} failed`));
      }
    };
    const onDone = (error: unknown): void => {
      const status = error ? httpStatusOf(error) : undefined;
      // A stream cut by the network (apiserver restart, idle proxy) ends like a closed one: the
      // next list either works or fails with a proper error.
      if (!error || status === undefined) settle('ended');
      else if (status === 410) settle('expired');
      else settle(describeFailure(error, `watch ${target.description}`));
    };

    new Watch(kubeConfig)
      .watch(
        target.collectionPath,
        { fieldSelector: `metadata.name=${target.name}`, resourceVersion, timeoutSeconds: timing.watchTimeoutSeconds, allowWatchBookmarks: true },
        onEvent,
        onDone,
      )
      .then(
        (started) => {
          controller = started;
          if (settled) started.abort();
        },
        (error: unknown) => settle(describeFailure(error, `watch ${target.description}`)),
      );
  });
}

export async function watchUntil<T>(
  kubeConfig: KubeConfig,
  target: WatchTarget<T>,
  timing: WatchTiming,
  logger: Logger,
  onProgress: () => void,
  signal: AbortSignal,
): Promise<void> {
  onProgress();
  const heartbeat = setInterval(onProgress, timing.progressIntervalMs);
  try {
    for (;;) {
      if (signal.aborted) throw abortReason(signal);
      const { object, resourceVersion } = await target.list();
      if (!object) throw new PermanentFailure(`${target.description} not found`);
      if (target.judge(object)) return;
      const outcome = await watchOnce(kubeConfig, target, resourceVersion, timing, signal);
      if (outcome === 'done') return;
      logger.debug({ object: target.description, outcome }, 'watch ended before a verdict; listing again');
      // An expired resourceVersion is fixed by the fresh list; a closed stream gets a pause first.
      if (outcome === 'ended') await delay(timing.retryDelayMs, undefined, { signal }).catch(() => undefined);
    }
  } finally {
    clearInterval(heartbeat);
  }
}
