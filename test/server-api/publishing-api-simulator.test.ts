import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startServerApiSimulator, type ServerApiSimulator } from '../../src/sandbox/server-api/index.js';
import { startSignonSimulator, type SignonSimulator } from '../../src/sandbox/signon/index.js';

describe('publishing-api simulator: bearer tokens checked against the Signon simulator', () => {
  let signon: SignonSimulator;
  let publishingApi: ServerApiSimulator;

  beforeEach(async () => {
    signon = await startSignonSimulator();
    publishingApi = await startServerApiSimulator({ signonUrl: signon.url, application: 'Publishing API' });
  });
  afterEach(async () => {
    await publishingApi.close();
    await signon.close();
  });

  function tokenOf(email: string, applicationName: string) {
    const user = signon.store.findUserByEmail(email)!;
    const app = signon.store.findApplication(applicationName)!;
    return { user, app, row: signon.store.listTokens(user.id, app.id)[0]! };
  }

  const lookup = (token: string | undefined, body: unknown = { base_paths: ['/'] }) =>
    fetch(`${publishingApi.url}/lookup-by-base-path`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });

  it('accepts a live Publishing API token and maps / to its content id; Signon records the sync', async () => {
    const { user, app, row } = tokenOf('short-url-manager@alphagov.co.uk', 'Publishing API');
    const response = await lookup(row.token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ '/': expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(signon.store.events().filter((event) => event.type === 'token-validated').map((event) => event.tokenId)).toEqual([
      row.id,
    ]);
    expect(signon.store.lastSyncedAt(user.id, app.id)).not.toBeNull();
  });

  it('answers 401 with a JSON message for a revoked, an unknown or a missing token', async () => {
    const { row } = tokenOf('short-url-manager@alphagov.co.uk', 'Publishing API');
    signon.store.revokeToken(row.id);
    for (const token of [row.token, 'no-such-token', undefined]) {
      const response = await lookup(token);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: expect.any(String) });
    }
  });

  it('answers 403 for a live token issued for another application', async () => {
    const { row } = tokenOf('email-alert-frontend@alphagov.co.uk', 'Email Alert API');
    const response = await lookup(row.token);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'The bearer token was issued for Email Alert API, not Publishing API' });
  });

  it('answers 403 when the API user lacks the signin permission', async () => {
    const { user, app, row } = tokenOf('content-publisher@alphagov.co.uk', 'Publishing API');
    signon.store.setPermissions(user.id, app.id, []);
    const response = await lookup(row.token);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toContain('lacks the signin permission');
  });

  it('serves health checks without a token', async () => {
    expect((await fetch(`${publishingApi.url}/healthcheck/live`)).status).toBe(200);
    expect((await fetch(`${publishingApi.url}/healthcheck/ready`)).status).toBe(200);
  });

  it('rejects a malformed body with 422', async () => {
    const { row } = tokenOf('short-url-manager@alphagov.co.uk', 'Publishing API');
    expect((await lookup(row.token, { base_paths: '/' })).status).toBe(422);
  });

  it('forces a status for the given number of requests, health checks untouched', async () => {
    const { row } = tokenOf('short-url-manager@alphagov.co.uk', 'Publishing API');
    publishingApi.faults.forceStatus(503, 2);
    expect((await lookup(row.token)).status).toBe(503);
    expect((await fetch(`${publishingApi.url}/healthcheck/ready`)).status).toBe(200);
    expect((await lookup(row.token)).status).toBe(503);
    expect((await lookup(row.token)).status).toBe(200);
  });

  it('answers 503 when Signon cannot be reached to check the token', async () => {
    const { row } = tokenOf('short-url-manager@alphagov.co.uk', 'Publishing API');
    await signon.close();
    expect((await lookup(row.token)).status).toBe(503);
    signon = await startSignonSimulator();
  });
});

describe('publishing-api simulator with a production-like token cache', () => {
  it('keeps accepting a revoked token while its validation is cached, as real clients do', async () => {
    const signon = await startSignonSimulator();
    const publishingApi = await startServerApiSimulator({
      signonUrl: signon.url,
      application: 'Publishing API',
      tokenCacheMs: 300_000,
    });
    try {
      const user = signon.store.findUserByEmail('short-url-manager@alphagov.co.uk')!;
      const app = signon.store.findApplication('Publishing API')!;
      const [row] = signon.store.listTokens(user.id, app.id);
      const lookup = () =>
        fetch(`${publishingApi.url}/lookup-by-base-path`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${row!.token}` },
          body: JSON.stringify({ base_paths: ['/'] }),
        });
      expect((await lookup()).status).toBe(200);
      signon.store.revokeToken(row!.id);
      expect((await lookup()).status).toBe(200);
      expect(signon.store.events().filter((event) => event.type === 'token-validated')).toHaveLength(1);
    } finally {
      await publishingApi.close();
      await signon.close();
    }
  });
});
