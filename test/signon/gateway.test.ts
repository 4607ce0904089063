import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSandboxSignonGateway } from '../../src/adapters/signon-sandbox.js';
import { PermanentFailure } from '../../src/domain/errors.js';
import { createFingerprinter } from '../../src/domain/fingerprint.js';
import type { SignonGateway } from '../../src/ports.js';
import { startSignonSimulator, type SignonSimulator } from '../../src/sandbox/signon/index.js';
import { DAY_MS, manualClock } from './fixture-clock.js';
import { capturedLogger } from './log-capture.js';

const fingerprint = createFingerprinter('test-fingerprint-key-0123456789');

describe('sandbox Signon gateway against the simulator', () => {
  const clock = manualClock();
  let signon: SignonSimulator;
  let gateway: SignonGateway;

  beforeAll(async () => {
    signon = await startSignonSimulator({ clock: clock.now });
    const { logger } = capturedLogger('gateway-test');
    gateway = createSandboxSignonGateway({ baseUrl: signon.url, adminToken: signon.adminToken, fingerprint, timeoutMs: 5_000, logger });
  });
  afterAll(async () => {
    await signon.close();
  });

  it('finds the runbook API user by email and its application by name or alert label', async () => {
    const user = await gateway.findApiUser('short-url-manager@alphagov.co.uk');
    expect(user).toMatchObject({ name: 'Short URL Manager', email: 'short-url-manager@alphagov.co.uk', suspended: false });
    const byName = await gateway.findApplication('Publishing API');
    const bySlug = await gateway.findApplication('publishing-api');
    expect(byName).toMatchObject({ name: 'Publishing API', retired: false });
    expect(bySlug).toEqual(byName);
  });

  it('answers null for an unknown user or application', async () => {
    await expect(gateway.findApiUser('nobody@example.com')).resolves.toBeNull();
    await expect(gateway.findApplication('no-such-app')).resolves.toBeNull();
  });

  it('lists the seeded token expiring in 10 days, fingerprinted from its text', async () => {
    const user = await gateway.findApiUser('short-url-manager@alphagov.co.uk');
    const app = await gateway.findApplication('publishing-api');
    const tokens = await gateway.listTokens(user!.id, app!.id);
    expect(tokens).toHaveLength(1);
    const [token] = tokens;
    expect(Date.parse(token!.expiresAt) - clock.now()).toBe(10 * DAY_MS);
    expect(token!.revokedAt).toBeNull();
    expect(token!.fingerprint).toBe(fingerprint(await gateway.revealToken(token!.id)));
    expect(JSON.stringify(tokens)).not.toContain(await gateway.revealToken(token!.id));
  });

  it('reads last_synced_at: recent for the runbook user, months ago for the disused one', async () => {
    const app = await gateway.findApplication('Publishing API');
    const active = await gateway.findApiUser('short-url-manager@alphagov.co.uk');
    const disused = await gateway.findApiUser('specialist-publisher-rebuild@alphagov.co.uk');
    const activeAt = await gateway.lastSyncedAt(active!.id, app!.id);
    const disusedAt = await gateway.lastSyncedAt(disused!.id, app!.id);
    expect(clock.now() - Date.parse(activeAt!)).toBeLessThan(DAY_MS);
    expect(clock.now() - Date.parse(disusedAt!)).toBeGreaterThan(90 * DAY_MS);
  });

  it('creates a two-year token next to the old one, then revokes it; a second revoke succeeds', async () => {
    const user = await gateway.findApiUser('customs-guidance-publisher@hmrc.gov.uk');
    const app = await gateway.findApplication('publishing-api');
    const created = await gateway.createToken(user!.id, app!.id);
    expect(Date.parse(created.createdAt)).toBe(clock.now());
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(63_113_904_000);
    expect(created.fingerprint).toMatch(/^fp:[0-9a-f]{12}$/);

    const tokens = await gateway.listTokens(user!.id, app!.id);
    expect(tokens.map((token) => token.id)).toContain(created.id);
    expect(tokens.filter((token) => token.revokedAt === null)).toHaveLength(2);
    expect(new Set(tokens.map((token) => token.fingerprint)).size).toBe(2);

    await expect(gateway.revokeToken(created.id)).resolves.toEqual({ alreadyRevoked: false });
    await expect(gateway.revokeToken(created.id)).resolves.toEqual({ alreadyRevoked: true });
    const after = await gateway.listTokens(user!.id, app!.id);
    expect(after.find((token) => token.id === created.id)?.revokedAt).not.toBeNull();

    const revokes = signon.store.events().filter((event) => event.type === 'token-revoked' && event.tokenId === created.id);
    expect(revokes).toHaveLength(1);
  });

  it('refuses to mint for a retired application or a suspended user, naming which (permanent)', async () => {
    const traveller = await gateway.findApiUser('travel-advice-publisher@alphagov.co.uk');
    const panopticon = await gateway.findApplication('Panopticon');
    const retired = gateway.createToken(traveller!.id, panopticon!.id);
    await expect(retired).rejects.toBeInstanceOf(PermanentFailure);
    await expect(retired).rejects.toThrow('application Panopticon is retired');

    const suspended = await gateway.findApiUser('calendars-legacy@alphagov.co.uk');
    const publishingApi = await gateway.findApplication('Publishing API');
    await expect(gateway.createToken(suspended!.id, publishingApi!.id)).rejects.toThrow('is suspended');
  });

  it('maps unknown ids to PermanentFailure naming the resource', async () => {
    const revoke = gateway.revokeToken('999999');
    await expect(revoke).rejects.toBeInstanceOf(PermanentFailure);
    await expect(revoke).rejects.toThrow('revoke token 999999 answered 404: no token with id 999999');
    const list = gateway.listTokens('424242', '1');
    await expect(list).rejects.toThrow('no API user with id 424242');
  });

  it('needs the admin token: a wrong one is a permanent failure', async () => {
    const { logger } = capturedLogger('stranger');
    const stranger = createSandboxSignonGateway({ baseUrl: signon.url, adminToken: 'wrong', fingerprint, timeoutMs: 5_000, logger });
    const attempt = stranger.findApiUser('short-url-manager@alphagov.co.uk');
    await expect(attempt).rejects.toBeInstanceOf(PermanentFailure);
    await expect(attempt).rejects.toThrow('answered 401');
  });

  it('treats 5xx from the fault switch as retryable', async () => {
    signon.faults.failNext(1, 503);
    const attempt = gateway.findApiUser('short-url-manager@alphagov.co.uk');
    await expect(attempt).rejects.toThrow('answered 503');
    await expect(attempt).rejects.not.toBeInstanceOf(PermanentFailure);
    await expect(gateway.findApiUser('short-url-manager@alphagov.co.uk')).resolves.not.toBeNull();
  });

  it('reveals each token text once per gateway, however often its tokens are listed', async () => {
    const user = await gateway.findApiUser('content-publisher@alphagov.co.uk');
    const app = await gateway.findApplication('Publishing API');
    const reveals = () => signon.store.events().filter((event) => event.type === 'token-revealed').length;
    const before = reveals();
    await gateway.listTokens(user!.id, app!.id);
    await gateway.listTokens(user!.id, app!.id);
    expect(reveals() - before).toBe(1);
  });
});
