import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { bearerToken } from '../bearer.js';
import { CONTENT_IDS_BY_BASE_PATH } from './content.js';
import { registerFaultRoutes } from '../fault-admin.js';
import { ServerApiFaults, serverApiFaultsPatch } from './faults.js';
import { createSignonValidator } from './signon-validator.js';

/** Only Publishing API's routes are simulated; another app would bring its own smoke route. */
export type SimulatedServerApp = 'Publishing API';

export interface ServerApiSimulatorOptions {
  signonUrl: string;
  application: SimulatedServerApp;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** How long a /user.json answer is reused; real clients cache 5 minutes, the sandbox none. */
  tokenCacheMs?: number;
  /** Bearer token for the fault switches; a random one when omitted. */
  adminToken?: string;
}

export interface ServerApiSimulator {
  url: string;
  adminToken: string;
  faults: ServerApiFaults;
  close(): Promise<void>;
}

export async function startServerApiSimulator(options: ServerApiSimulatorOptions): Promise<ServerApiSimulator> {
  const faults = new ServerApiFaults();
  const check = createSignonValidator(options.signonUrl, options.tokenCacheMs ?? 0);
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const adminToken = options.adminToken ?? `sandbox-admin-${randomBytes(24).toString('hex')}`;
  registerFaultRoutes(app, { adminToken, schema: serverApiFaultsPatch, apply: (patch) => faults.apply(patch), state: () => faults.state() });

  /** gds-sso's bearer authentication plus `authorise_user!('signin')`, run before API routes. */
  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    // A hung app: the socket stays open until the client gives up or the server closes.
    if (faults.takeHang()) return reply.hijack();
    const forced = faults.takeForcedStatus();
    if (forced !== null) return reply.code(forced).send({ message: `fault switch answered ${forced}` });
    const token = bearerToken(request.headers.authorization);
    if (token === null) return reply.code(401).send({ message: 'Bearer token is missing' });
    const result = await check(token);
    if (result.outcome === 'signon-unavailable') {
      return reply.code(503).send({ message: 'Could not check the bearer token with Signon' });
    }
    if (result.outcome === 'invalid') {
      return reply.code(401).send({ message: 'Bearer token does not appear to be valid' });
    }
    if (result.applicationName !== options.application) {
      return reply.code(403).send({ message: `The bearer token was issued for ${result.applicationName}, not ${options.application}` });
    }
    if (!result.permissions.includes('signin')) {
      return reply.code(403).send({ message: `API user ${result.email} lacks the signin permission for ${options.application}` });
    }
    return undefined;
  }

  app.get('/healthcheck/live', async () => 'OK');
  app.get('/healthcheck/ready', async () => ({ status: 'ok' }));

  app.post('/lookup-by-base-path', { preHandler: authenticate }, async (request, reply) => {
    const basePaths = (request.body as { base_paths?: unknown } | undefined)?.base_paths;
    if (!Array.isArray(basePaths) || !basePaths.every((item): item is string => typeof item === 'string')) {
      return reply.code(422).send({ message: 'base_paths must be an array of strings' });
    }
    return Object.fromEntries(
      basePaths.flatMap((path) => {
        const contentId = CONTENT_IDS_BY_BASE_PATH[path];
        return contentId === undefined ? [] : [[path, contentId]];
      }),
    );
  });

  const url = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  return {
    url,
    adminToken,
    faults,
    close: async () => {
      await app.close();
    },
  };
}
