/**
 * SignonGateway over the sandbox Signon's admin API (src/sandbox/signon/admin-routes.ts).
 *
 * Fingerprints: a TokenRecord carries a keyed fingerprint, and the Fingerprinter is a function
 * whose key the gateway never sees, so the simulator cannot compute it. Sending the key to the
 * simulator would also put a secret on the wire. Instead token text crosses through exactly one
 * route, `reveal`, and each token id is fingerprinted once and cached: a token's text never
 * changes, so listing a user's tokens again costs no further reveals. List and create answers
 * carry ids and times only.
 */
import ky, { type KyInstance, type Options } from 'ky';
import { z } from 'zod';
import type { Fingerprinter } from '../domain/fingerprint.js';
import { PermanentFailure } from '../domain/errors.js';
import { createLogger, type Logger } from '../log.js';
import type { ApiUser, SignonApplication, SignonGateway, TokenRecord } from '../ports.js';
import { errorDetail, send } from './http-call.js';

export interface SandboxSignonGatewayOptions {
  baseUrl: string;
  adminToken: string;
  fingerprint: Fingerprinter;
  timeoutMs: number;
  logger?: Logger;
}

const apiUserBody = z.object({
  apiUser: z.object({ id: z.string(), name: z.string(), email: z.string(), suspended: z.boolean() }),
});
const applicationBody = z.object({
  application: z.object({ id: z.string(), name: z.string(), retired: z.boolean() }),
});
const tokenView = z.object({
  id: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
});
const tokenListBody = z.object({ tokens: z.array(tokenView) });
const tokenBody = z.object({ token: tokenView });
const revokeBody = z.object({ alreadyRevoked: z.boolean() });
const revealBody = z.object({ token: z.string().min(1) });
const lastSyncedBody = z.object({ lastSyncedAt: z.string().nullable() });

type TokenView = z.infer<typeof tokenView>;

export function createSandboxSignonGateway(options: SandboxSignonGatewayOptions): SignonGateway {
  const log = options.logger ?? createLogger('signon-sandbox-gateway');
  const client: KyInstance = ky.create({
    prefixUrl: `${options.baseUrl.replace(/\/+$/, '')}/sandbox-admin`,
    headers: { authorization: `Bearer ${options.adminToken}` },
    // Temporal owns retries: a hidden retry of a create would mint a second token.
    retry: 0,
    timeout: options.timeoutMs,
  });
  const fingerprints = new Map<string, string>();

  /** Sends one admin call; statuses >= 400 throw unless `tolerated` lists them. */
  async function exchange(what: string, path: string, request: Options, tolerated: number[]): Promise<Response> {
    const started = performance.now();
    const response = await send(client, path, request, { what: `Signon sandbox: ${what}`, timeoutMs: options.timeoutMs });
    log.debug({ call: what, status: response.status, durationMs: Math.round(performance.now() - started) }, 'signon sandbox call');
    if (response.status < 400 || tolerated.includes(response.status)) return response;
    const message = `Signon sandbox: ${what} answered ${response.status}: ${await errorDetail(response)}`;
    log.warn({ call: what, status: response.status }, message);
    throw response.status < 500 ? new PermanentFailure(message) : new Error(message);
  }

  async function parse<T>(what: string, response: Response, schema: z.ZodType<T>): Promise<T> {
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new Error(`Signon sandbox: ${what} answered ${response.status} with an unexpected body`);
    return parsed.data;
  }

  async function call<T>(what: string, path: string, request: Options, schema: z.ZodType<T>): Promise<T> {
    return parse(what, await exchange(what, path, request, []), schema);
  }

  /** For the find operations: a 404 means "no such user/application", not a failure. */
  async function find<T>(what: string, path: string, request: Options, schema: z.ZodType<T>): Promise<T | null> {
    const response = await exchange(what, path, request, [404]);
    return response.status === 404 ? null : parse(what, response, schema);
  }

  async function reveal(tokenId: string): Promise<string> {
    const path = `tokens/${encodeURIComponent(tokenId)}/reveal`;
    const body = await call(`reveal token ${tokenId}`, path, { method: 'post' }, revealBody);
    return body.token;
  }

  async function fingerprintOf(tokenId: string): Promise<string> {
    const cached = fingerprints.get(tokenId);
    if (cached !== undefined) return cached;
    const fingerprint = options.fingerprint(await reveal(tokenId));
    fingerprints.set(tokenId, fingerprint);
    return fingerprint;
  }

  async function toRecord(view: TokenView): Promise<TokenRecord> {
    const fingerprint = await fingerprintOf(view.id);
    return { id: view.id, createdAt: view.createdAt, expiresAt: view.expiresAt, revokedAt: view.revokedAt, fingerprint };
  }

  const grantPath = (apiUserId: string, applicationId: string) =>
    `api-users/${encodeURIComponent(apiUserId)}/applications/${encodeURIComponent(applicationId)}`;

  return {
    async findApiUser(email: string): Promise<ApiUser | null> {
      const body = await find(`find API user ${email}`, 'api-users', { searchParams: { email } }, apiUserBody);
      return body?.apiUser ?? null;
    },

    async findApplication(nameOrSlug: string): Promise<SignonApplication | null> {
      const what = `find application ${nameOrSlug}`;
      const body = await find(what, 'applications', { searchParams: { name: nameOrSlug } }, applicationBody);
      return body?.application ?? null;
    },

    async listTokens(apiUserId: string, applicationId: string): Promise<TokenRecord[]> {
      const what = `list tokens of user ${apiUserId} for application ${applicationId}`;
      const body = await call(what, `${grantPath(apiUserId, applicationId)}/tokens`, {}, tokenListBody);
      const records: TokenRecord[] = [];
      for (const view of body.tokens) records.push(await toRecord(view));
      return records;
    },

    async lastSyncedAt(apiUserId: string, applicationId: string): Promise<string | null> {
      const what = `last sync of user ${apiUserId} for application ${applicationId}`;
      const body = await call(what, `${grantPath(apiUserId, applicationId)}/last-synced-at`, {}, lastSyncedBody);
      return body.lastSyncedAt;
    },

    async createToken(apiUserId: string, applicationId: string): Promise<TokenRecord> {
      const what = `create token for user ${apiUserId} and application ${applicationId}`;
      const body = await call(what, `${grantPath(apiUserId, applicationId)}/tokens`, { method: 'post' }, tokenBody);
      return toRecord(body.token);
    },

    async revokeToken(tokenId: string): Promise<{ alreadyRevoked: boolean }> {
      const path = `tokens/${encodeURIComponent(tokenId)}/revoke`;
      const body = await call(`revoke token ${tokenId}`, path, { method: 'post' }, revokeBody);
      return { alreadyRevoked: body.alreadyRevoked };
    },

    revealToken: reveal,
  };
}
