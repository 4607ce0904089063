/**
 * The REST subset the adapter uses: GET one object, LIST, WATCH for every simulated
 * resource, and POST for Jobs. Errors are Status objects, as the apiserver returns them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiContext } from './context.js';
import { consumeFault } from './faults.js';
import { admitJob } from './job-admission.js';
import { failureStatus, type KubeObject } from './objects.js';
import { parseResourcePath, type ResourcePath } from './paths.js';
import { qualifiedResource } from './resources.js';
import { isAuthorized, readBody, sendJson, sendStatus, UNAUTHORIZED } from './responses.js';
import { fieldMatcher, labelMatcher, SelectorError, type Matcher } from './selectors.js';
import { AlreadyExistsError } from './store.js';
import { serveWatch } from './watch-stream.js';

const NO_ROUTE = failureStatus(404, 'NotFound', 'the server could not find the requested resource');

function notFound(target: ResourcePath, name: string) {
  const { resource } = target;
  return failureStatus(404, 'NotFound', `${qualifiedResource(resource)} "${name}" not found`, { name, ...(resource.group ? { group: resource.group } : {}), kind: resource.plural });
}

/** List items carry no apiVersion/kind of their own; the list does. */
function listBody(target: ResourcePath, items: KubeObject[], resourceVersion: string): unknown {
  return {
    kind: `${target.resource.kind}List`,
    apiVersion: target.resource.apiVersion,
    metadata: { resourceVersion },
    items: items.map(({ apiVersion: _apiVersion, kind: _kind, ...rest }) => rest),
  };
}

function matcher(query: URLSearchParams): Matcher {
  const byLabel = labelMatcher(query.get('labelSelector'));
  const byField = fieldMatcher(query.get('fieldSelector'));
  return (object) => byLabel(object) && byField(object);
}

async function createJob(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, target: ResourcePath): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    sendStatus(res, failureStatus(400, 'BadRequest', 'the body of the request could not be decoded as JSON'));
    return;
  }
  const admitted = admitJob(target.namespace, body);
  if (admitted.kind === 'Status') {
    sendStatus(res, admitted);
    return;
  }
  const name = admitted.metadata.name;
  const alreadyExists = failureStatus(409, 'AlreadyExists', `jobs.batch "${name}" already exists`, { name, group: 'batch', kind: 'jobs' });
  try {
    const created = ctx.store.create(admitted);
    // As if this were the retry of a create whose answer was lost: the Job exists, the caller hears 409.
    if (consumeFault(ctx.faults, 'conflictNextJobCreates')) sendStatus(res, alreadyExists);
    else sendJson(res, 201, created);
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    sendStatus(res, alreadyExists);
  }
}

export async function handleRest(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  ctx.stats.requests += 1;
  if (!isAuthorized(req, ctx.bearerToken)) return sendStatus(res, UNAUTHORIZED);
  const url = new URL(req.url ?? '/', 'http://simulator');
  const target = parseResourcePath(url.pathname);
  if (!target || target.subresource) return sendStatus(res, NO_ROUTE);
  const { resource, namespace, name } = target;

  if (req.method === 'POST' && !name && resource.kind === 'Job') return createJob(ctx, req, res, target);
  if (req.method !== 'GET') {
    return sendStatus(res, failureStatus(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
  }
  if (name) {
    const object = ctx.store.get(resource.kind, namespace, name);
    return object ? sendJson(res, 200, object) : sendStatus(res, notFound(target, name));
  }
  let matches: Matcher;
  try {
    matches = matcher(url.searchParams);
  } catch (error) {
    if (!(error instanceof SelectorError)) throw error;
    return sendStatus(res, failureStatus(400, 'BadRequest', error.message));
  }
  const watch = url.searchParams.get('watch');
  if (watch === 'true' || watch === '1') return serveWatch(ctx, req, res, target, matches, url.searchParams);
  const items = ctx.store.list(resource.kind, namespace).filter(matches);
  return sendJson(res, 200, listBody(target, items, ctx.store.resourceVersion));
}
