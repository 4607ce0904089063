import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startSignonSimulator, type SignonSimulator } from '../../src/sandbox/signon/index.js';
import { DAY_MS, manualClock } from './fixture-clock.js';

describe('GET /user.json, as gds-sso validates a bearer token', () => {
  let clock: ReturnType<typeof manualClock>;
  let signon: SignonSimulator;

  beforeEach(async () => {
    clock = manualClock();
    signon = await startSignonSimulator({ clock: clock.now });
  });
  afterEach(async () => {
    await signon.close();
  });

  function grant(email: string, applicationName: string) {
    const user = signon.store.findUserByEmail(email)!;
    const application = signon.store.findApplication(applicationName)!;
    const [token] = signon.store.listTokens(user.id, application.id);
    return { user, application, token: token! };
  }

  const validate = (token?: string) =>
    fetch(`${signon.url}/user.json`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

  it('answers a live token with the user and its permissions, and touches last_synced_at', async () => {
    const { user, application, token } = grant('short-url-manager@alphagov.co.uk', 'Publishing API');
    const before = signon.store.lastSyncedAt(user.id, application.id);
    clock.advance(3_600_000);

    const response = await validate(token.token);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: Record<string, unknown>; application: Record<string, unknown> };
    expect(body.user).toMatchObject({ name: 'Short URL Manager', email: 'short-url-manager@alphagov.co.uk', permissions: ['signin'] });
    expect(body.application).toMatchObject({ name: 'Publishing API' });

    expect(signon.store.lastSyncedAt(user.id, application.id)).toBe(clock.now());
    expect(clock.now()).toBeGreaterThan(before!);
    expect(signon.store.events().filter((event) => event.type === 'token-validated')).toEqual([
      expect.objectContaining({ tokenId: token.id, apiUserId: user.id, applicationId: application.id }),
    ]);
  });

  it('answers 401 JSON for a revoked token and leaves last_synced_at alone', async () => {
    const { user, application, token } = grant('short-url-manager@alphagov.co.uk', 'Publishing API');
    signon.store.revokeToken(token.id);
    const before = signon.store.lastSyncedAt(user.id, application.id);
    clock.advance(60_000);

    const response = await validate(token.token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    expect(await response.json()).toEqual({ error: 'invalid_token', error_description: 'The access token was revoked' });
    expect(signon.store.lastSyncedAt(user.id, application.id)).toBe(before);
  });

  it('answers 401 once the token has expired', async () => {
    const { token } = grant('short-url-manager@alphagov.co.uk', 'Publishing API');
    expect((await validate(token.token)).status).toBe(200);
    clock.advance(10 * DAY_MS);
    const response = await validate(token.token);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error_description: 'The access token expired' });
  });

  it('answers 401 for an unknown token and for no Authorization header', async () => {
    expect((await validate('not-a-real-token')).status).toBe(401);
    const missing = await validate();
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error_description: 'The access token is invalid' });
  });
});
