/**
 * `GET|POST /sandbox-admin/faults` for the Fastify-based simulators: read or flip the fault
 * switches over HTTP, so the soak and a person at `npm start` can break the sandbox while it
 * runs. The in-process faults object stays the one source of truth; this only reads and
 * patches it. Registered outside the simulators' own admin routes, so injected failures
 * never hit the switch that clears them.
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { bearerToken, sameSecret } from './bearer.js';

export const FAULTS_PATH = '/sandbox-admin/faults';

export interface FaultAdmin<Schema extends z.ZodType> {
  adminToken: string;
  /** Validates the POST body; unknown fields are refused, so a typo does not pass silently. */
  schema: Schema;
  apply(patch: z.output<Schema>): void;
  state(): unknown;
}

export function registerFaultRoutes<Schema extends z.ZodType>(app: FastifyInstance, admin: FaultAdmin<Schema>): void {
  app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const given = bearerToken(request.headers.authorization);
      if (given === null || !sameSecret(given, admin.adminToken)) {
        return reply.code(401).send({ error: 'unauthorized', message: 'the fault switches need the sandbox admin bearer token' });
      }
      return undefined;
    });
    scope.get(FAULTS_PATH, async () => ({ faults: admin.state() }));
    scope.post(FAULTS_PATH, async (request, reply) => {
      const parsed = admin.schema.safeParse(request.body ?? {});
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
        return reply.code(400).send({ error: 'bad-request', message: problems.join('; ') });
      }
      admin.apply(parsed.data);
      return { faults: admin.state() };
    });
  });
}
