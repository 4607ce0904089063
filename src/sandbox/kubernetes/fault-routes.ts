/**
 * `GET|POST /sandbox-admin/faults` on the simulated apiserver: read or set the fault switches
 * over HTTP (same bearer token as the kubeconfig), so the soak and a person at `npm start`
 * can break the cluster while rotations run. It patches the one in-process faults object.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FAULTS_PATH } from '../fault-admin.js';
import type { ApiContext } from './context.js';
import { kubernetesFaultsPatch } from './faults.js';
import { failureStatus } from './objects.js';
import { isAuthorized, readBody, sendJson, sendStatus, UNAUTHORIZED } from './responses.js';

export function isFaultsRequest(req: IncomingMessage): boolean {
  return new URL(req.url ?? '/', 'http://simulator').pathname === FAULTS_PATH;
}

export async function handleFaults(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!isAuthorized(req, ctx.bearerToken)) return sendStatus(res, UNAUTHORIZED);
  if (req.method === 'GET') return sendJson(res, 200, { faults: ctx.faults });
  if (req.method !== 'POST') return sendStatus(res, failureStatus(405, 'MethodNotAllowed', 'GET or POST the fault switches'));
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req)) || '{}');
  } catch {
    return sendStatus(res, failureStatus(400, 'BadRequest', 'the body of the request could not be decoded as JSON'));
  }
  const parsed = kubernetesFaultsPatch.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    return sendStatus(res, failureStatus(400, 'BadRequest', problems.join('; ')));
  }
  for (const [name, value] of Object.entries(parsed.data)) {
    if (value !== undefined) Object.assign(ctx.faults, { [name]: value });
  }
  return sendJson(res, 200, { faults: ctx.faults });
}
