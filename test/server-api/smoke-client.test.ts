import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { createServerApiClient } from '../../src/adapters/server-api.js';
import { PermanentFailure } from '../../src/domain/errors.js';
import type { ServerApiClient } from '../../src/ports.js';
import { startServerApiSimulator, type ServerApiSimulator } from '../../src/sandbox/server-api/index.js';
import { startSignonSimulator, type SignonSimulator } from '../../src/sandbox/signon/index.js';
import { capturedLogger } from '../signon/log-capture.js';

/** Stands in for the server apps without a simulator: answers what the test sets, records requests. */
async function startStub() {
  const seen: Array<{ method: string; url: string; authorization: string | undefined }> = [];
  const state = { status: 200, hang: false };
  const app: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  app.all('/*', async (request, reply) => {
    seen.push({ method: request.method, url: request.url, authorization: request.headers.authorization });
    if (state.hang) return new Promise<never>(() => undefined);
    return reply.code(state.status).send({ message: 'stub' });
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, seen, state, close: () => app.close() };
}

describe('smoke client', () => {
  let signon: SignonSimulator;
  let publishingApi: ServerApiSimulator;
  let stub: Awaited<ReturnType<typeof startStub>>;
  let client: ServerApiClient;
  const signal = new AbortController().signal;

  beforeAll(async () => {
    signon = await startSignonSimulator();
    publishingApi = await startServerApiSimulator({ signonUrl: signon.url, application: 'Publishing API' });
    stub = await startStub();
    client = createServerApiClient({
      baseUrls: {
        'publishing-api': publishingApi.url,
        'Email Alert API': stub.url,
        'asset-manager': stub.url,
        'link-checker-api': `${stub.url}/`,
      },
      timeoutMs: 1_000,
      logger: capturedLogger('smoke-client-test').logger,
    });
  });
  afterAll(async () => {
    await stub.close();
    await publishingApi.close();
    await signon.close();
  });

  function tokenOf(email: string, applicationName: string) {
    const user = signon.store.findUserByEmail(email)!;
    const app = signon.store.findApplication(applicationName)!;
    return signon.store.listTokens(user.id, app.id)[0]!;
  }

  it('passes with a live token, whether the application is named or parameterized', async () => {
    const { token } = tokenOf('short-url-manager@alphagov.co.uk', 'Publishing API');
    await expect(client.smokeCall('publishing-api', token, signal)).resolves.toMatchObject({ status: 200 });
    await expect(client.smokeCall('Publishing API', token, signal)).resolves.toMatchObject({ status: 200 });
  });

  it('fails permanently with 401 for a revoked token and 403 for a token of another application', async () => {
    const revoked = signon.store.createToken(
      signon.store.findUserByEmail('content-publisher@alphagov.co.uk')!.id,
      signon.store.findApplication('Publishing API')!.id,
    );
    signon.store.revokeToken(revoked.id);
    const unauthorised = client.smokeCall('publishing-api', revoked.token, signal);
    await expect(unauthorised).rejects.toBeInstanceOf(PermanentFailure);
    await expect(unauthorised).rejects.toThrow('publishing-api rejected the new token: 401');

    const otherApp = tokenOf('email-alert-frontend@alphagov.co.uk', 'Email Alert API').token;
    await expect(client.smokeCall('publishing-api', otherApp, signal)).rejects.toThrow(
      'publishing-api rejected the new token: 403',
    );
  });

  it('treats 5xx as retryable and an unexpected 4xx as permanent', async () => {
    const { token } = tokenOf('short-url-manager@alphagov.co.uk', 'Publishing API');
    publishingApi.faults.forceStatus(503);
    const unavailable = client.smokeCall('publishing-api', token, signal);
    await expect(unavailable).rejects.toThrow('publishing-api smoke call POST /lookup-by-base-path answered 503');
    await expect(unavailable).rejects.not.toBeInstanceOf(PermanentFailure);

    publishingApi.faults.forceStatus(422);
    await expect(client.smokeCall('publishing-api', token, signal)).rejects.toBeInstanceOf(PermanentFailure);
  });

  it('accepts 404 behind authentication for email-alert-api and asset-manager, with the bearer token sent', async () => {
    stub.state.status = 404;
    await expect(client.smokeCall('email-alert-api', 'stub-token', signal)).resolves.toMatchObject({ status: 404 });
    await expect(client.smokeCall('Asset Manager', 'stub-token', signal)).resolves.toMatchObject({ status: 404 });
    expect(stub.seen.slice(-2)).toEqual([
      { method: 'GET', url: '/subscriber-lists/signon-token-rotation-smoke-check', authorization: 'Bearer stub-token' },
      { method: 'GET', url: '/assets/000000000000000000000000', authorization: 'Bearer stub-token' },
    ]);
  });

  it('calls link-checker-api /check with a uri and does not accept 404 there', async () => {
    stub.state.status = 200;
    await expect(client.smokeCall('link-checker-api', 'stub-token', signal)).resolves.toMatchObject({ status: 200 });
    expect(stub.seen.at(-1)?.url).toBe('/check?uri=https%3A%2F%2Fwww.gov.uk%2F');
    stub.state.status = 404;
    await expect(client.smokeCall('link-checker-api', 'stub-token', signal)).rejects.toBeInstanceOf(PermanentFailure);
  });

  it('maps 500 and a timeout from the other apps to retryable errors', async () => {
    stub.state.status = 500;
    const failed = client.smokeCall('asset-manager', 'stub-token', signal);
    await expect(failed).rejects.toThrow('asset-manager smoke call GET /assets/000000000000000000000000 answered 500');
    await expect(failed).rejects.not.toBeInstanceOf(PermanentFailure);

    stub.state.hang = true;
    try {
      const slow = client.smokeCall('email-alert-api', 'stub-token', signal);
      await expect(slow).rejects.toThrow('no answer within 1000 ms');
      await expect(slow).rejects.not.toBeInstanceOf(PermanentFailure);
    } finally {
      stub.state.hang = false;
    }
  });

  it('fails permanently for an application with no smoke call or no base URL', async () => {
    await expect(client.smokeCall('content-store', 'stub-token', signal)).rejects.toThrow(
      'no smoke call is known for application content-store',
    );
    const bare = createServerApiClient({ baseUrls: {}, timeoutMs: 1_000, logger: capturedLogger('bare').logger });
    const missing = bare.smokeCall('Publishing API', 'stub-token', signal);
    await expect(missing).rejects.toBeInstanceOf(PermanentFailure);
    await expect(missing).rejects.toThrow('no base URL is configured for publishing-api');
  });
});
