import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { registerFaultRoutes } from '../fault-admin.js';
import { registerAdminRoutes } from './admin-routes.js';
import { SignonFaults, signonFaultsPatch } from './faults.js';
import { SIGNON_FIXTURE, type SignonFixture } from './fixture.js';
import { createSignonMetrics } from './metrics.js';
import { seedStore } from './seed.js';
import type { Clock, SignonStore, SyncableToken } from './store.js';
import { registerUserJsonRoute } from './user-json-route.js';

export interface SignonSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Bearer token for the sandbox admin API; a random one when omitted. */
  adminToken?: string;
  /** Now in epoch milliseconds; tests pass their own to move time. */
  clock?: Clock;
  fixture?: SignonFixture;
}

export interface SignonSimulator {
  url: string;
  adminToken: string;
  /** For inspection by tests and the sandbox (event log, rows); the product goes over HTTP. */
  store: SignonStore;
  faults: SignonFaults;
  /** What `rake kubernetes:sync_token_secrets` would write, for the Kubernetes sandbox. */
  syncableTokens(): SyncableToken[];
  close(): Promise<void>;
}

export async function startSignonSimulator(options: SignonSimulatorOptions = {}): Promise<SignonSimulator> {
  const store = seedStore(options.fixture ?? SIGNON_FIXTURE, options.clock ?? Date.now);
  const faults = new SignonFaults();
  const adminToken = options.adminToken ?? `sandbox-admin-${randomBytes(24).toString('hex')}`;
  const metrics = createSignonMetrics(store);

  // Closing must not wait for clients' idle keep-alive sockets, or tests leave open handles.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  registerUserJsonRoute(app, store);
  registerAdminRoutes(app, { store, faults, adminToken });
  registerFaultRoutes(app, { adminToken, schema: signonFaultsPatch, apply: (patch) => faults.apply(patch), state: () => faults.state() });
  app.get('/metrics', async (_request, reply) => reply.type(metrics.contentType).send(await metrics.metrics()));

  const url = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  return {
    url,
    adminToken,
    store,
    faults,
    syncableTokens: () => store.syncableTokens(),
    close: async () => {
      await app.close();
    },
  };
}
