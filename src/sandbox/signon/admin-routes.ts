/**
 * A JSON admin API that exists only in the sandbox. Real Signon has had no API for API-user
 * tokens since 2023 (the production gateway will run Ruby inside the Signon deployment); this
 * stands in for what that Ruby would read and do, one route per SignonGateway method.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, sameSecret } from '../bearer.js';
import type { SignonFaults } from './faults.js';
import { toTokenView } from './model.js';
import { StoreError, type SignonStore } from './store.js';

export const ADMIN_PREFIX = '/sandbox-admin';

interface AdminDeps {
  store: SignonStore;
  faults: SignonFaults;
  adminToken: string;
}

interface GrantParams {
  apiUserId: string;
  applicationId: string;
}

const grantParams = {
  type: 'object',
  required: ['apiUserId', 'applicationId'],
  properties: { apiUserId: { type: 'string', minLength: 1 }, applicationId: { type: 'string', minLength: 1 } },
} as const;
const tokenParams = {
  type: 'object',
  required: ['tokenId'],
  properties: { tokenId: { type: 'string', minLength: 1 } },
} as const;

export function registerAdminRoutes(app: FastifyInstance, { store, faults, adminToken }: AdminDeps): void {
  app.register(
    async (admin) => {
      admin.addHook('onRequest', async (request, reply) => {
        const given = bearerToken(request.headers.authorization);
        if (given === null || !sameSecret(given, adminToken)) {
          return reply.code(401).send({ error: 'unauthorized', message: 'the sandbox admin API needs its admin bearer token' });
        }
        const fault = faults.takeRequestFault();
        if (fault?.kind === 'reset') return dropConnection(request, reply);
        // Never answered: the socket stays open until the client gives up or the server closes.
        if (fault?.kind === 'hang') return reply.hijack();
        if (fault?.kind === 'fail') return reply.code(fault.status).send({ error: 'injected-fault', message: `fault switch answered ${fault.status}` });
        return undefined;
      });
      // A slow Signon: the work is done, the answer comes late (a lost-or-late response race).
      admin.addHook('onSend', async () => {
        if (faults.delayMs > 0) await sleep(faults.delayMs, undefined, { ref: false });
      });
      admin.setErrorHandler(async (error: unknown, _request, reply) => {
        if (error instanceof StoreError) {
          return reply.code(error.kind === 'not-found' ? 404 : 422).send({ error: error.kind, message: error.message });
        }
        if (isValidationError(error)) return reply.code(400).send({ error: 'bad-request', message: error.message });
        return reply.code(500).send({ error: 'internal', message: 'the simulator failed; see its test output' });
      });

      admin.get<{ Querystring: { email: string } }>(
        '/api-users',
        { schema: { querystring: requiredString('email') } },
        async (request) => {
          const user = store.findUserByEmail(request.query.email);
          if (!user) throw new StoreError('not-found', `no API user with email ${request.query.email}`);
          return { apiUser: user };
        },
      );

      admin.get<{ Querystring: { name: string } }>(
        '/applications',
        { schema: { querystring: requiredString('name') } },
        async (request) => {
          const application = store.findApplication(request.query.name);
          if (!application) throw new StoreError('not-found', `no application named ${request.query.name}`);
          return { application };
        },
      );

      admin.get<{ Params: GrantParams }>(
        '/api-users/:apiUserId/applications/:applicationId/tokens',
        { schema: { params: grantParams } },
        async (request) => ({
          tokens: store.listTokens(request.params.apiUserId, request.params.applicationId).map(toTokenView),
        }),
      );

      admin.get<{ Params: GrantParams }>(
        '/api-users/:apiUserId/applications/:applicationId/last-synced-at',
        { schema: { params: grantParams } },
        async (request) => {
          const at = store.lastSyncedAt(request.params.apiUserId, request.params.applicationId);
          return { lastSyncedAt: at === null ? null : new Date(at).toISOString() };
        },
      );

      admin.post<{ Params: GrantParams }>(
        '/api-users/:apiUserId/applications/:applicationId/tokens',
        { schema: { params: grantParams } },
        async (request, reply) => {
          const lateMs = faults.takeLateCreate();
          if (lateMs > 0) await sleep(lateMs, undefined, { ref: false });
          const row = store.createToken(request.params.apiUserId, request.params.applicationId);
          if (faults.takeLostCreate()) return dropConnection(request, reply);
          return reply.code(201).send({ token: toTokenView(row) });
        },
      );

      admin.post<{ Params: { tokenId: string } }>(
        '/tokens/:tokenId/revoke',
        { schema: { params: tokenParams } },
        async (request, reply) => {
          const { row, alreadyRevoked } = store.revokeToken(request.params.tokenId);
          if (faults.takeLostRevoke()) return dropConnection(request, reply);
          const slowMs = faults.takeSlowRevokeAnswer();
          if (slowMs > 0) await sleep(slowMs, undefined, { ref: false });
          return reply.code(200).send({ token: toTokenView(row), alreadyRevoked });
        },
      );

      // POST, not GET: reading the text is an audited act (an event), and keeps it out of caches.
      admin.post<{ Params: { tokenId: string } }>(
        '/tokens/:tokenId/reveal',
        { schema: { params: tokenParams } },
        async (request) => ({ id: request.params.tokenId, token: store.revealToken(request.params.tokenId) }),
      );

      admin.get('/events', async () => ({ events: store.events() }));
    },
    { prefix: ADMIN_PREFIX },
  );
}

function requiredString(field: string) {
  return {
    type: 'object',
    required: [field],
    properties: { [field]: { type: 'string', minLength: 1 } },
  } as const;
}

function isValidationError(error: unknown): error is Error {
  return error instanceof Error && 'validation' in error;
}

/** The work is done; the client never hears about it, as when a response is lost in transit. */
function dropConnection(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.hijack();
  request.raw.socket.destroy();
  return reply;
}
