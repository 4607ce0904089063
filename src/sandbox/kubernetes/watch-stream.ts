/**
 * `GET ...?watch=true`: newline-delimited watch events, as the apiserver streams them.
 * Without a resourceVersion (or with "0") the stream starts with a synthetic ADDED for every
 * matching object; with one it replays what happened since, or sends an ERROR event carrying
 * a 410 Expired Status when that resourceVersion has been compacted away.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from './context.js';
import { consumeFault } from './faults.js';
import { failureStatus, type KubeObject, type Status } from './objects.js';
import type { ResourcePath } from './paths.js';
import type { Matcher } from './selectors.js';
import type { StoredEvent } from './store.js';

type WireEvent = { type: StoredEvent['type']; object: KubeObject } | { type: 'ERROR'; object: Status };

function expired(resourceVersion: string, current: string): WireEvent {
  return { type: 'ERROR', object: failureStatus(410, 'Expired', `too old resource version: ${resourceVersion} (${current})`) };
}

export function serveWatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, target: ResourcePath, matches: Matcher, query: URLSearchParams): void {
  const { resource, namespace } = target;
  ctx.stats.watches[resource.plural] = (ctx.stats.watches[resource.plural] ?? 0) + 1;
  const relevant = (object: KubeObject): boolean => object.kind === resource.kind && object.metadata.namespace === namespace && matches(object);

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  const send = (event: WireEvent): void => {
    res.write(`${JSON.stringify(event)}\n`);
  };
  const finish = (): void => {
    unsubscribe();
    clearTimeout(timeout);
    ctx.openWatches.delete(res);
    if (!res.writableEnded) res.end();
  };

  const resourceVersion = query.get('resourceVersion');
  const resuming = resourceVersion !== null && resourceVersion !== '' && resourceVersion !== '0';
  // Replay and subscribe in the same tick, so no event can fall between them.
  let unsubscribe = (): void => {};
  if (resuming && consumeFault(ctx.faults, 'expireNextWatches')) {
    send(expired(resourceVersion, ctx.store.resourceVersion));
    res.end();
    return;
  }
  if (resuming) {
    const since = ctx.store.eventsSince(Number(resourceVersion));
    if (since === 'expired') {
      send(expired(resourceVersion, ctx.store.resourceVersion));
      res.end();
      return;
    }
    for (const event of since) if (relevant(event.object)) send({ type: event.type, object: event.object });
  } else {
    for (const object of ctx.store.list(resource.kind, namespace)) if (matches(object)) send({ type: 'ADDED', object });
  }
  if (consumeFault(ctx.faults, 'dropNextWatches')) {
    res.end();
    return;
  }
  unsubscribe = ctx.store.subscribe((event) => {
    if (relevant(event.object)) send({ type: event.type, object: event.object });
  });
  ctx.openWatches.add(res);
  // The apiserver ends every watch after timeoutSeconds; clients must re-establish.
  const timeoutSeconds = Number(query.get('timeoutSeconds') ?? '1800');
  const timeout = setTimeout(finish, Math.max(1, timeoutSeconds) * 1000);
  timeout.unref();
  req.on('close', finish);
}
