import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createSandboxSignonGateway } from '../../src/adapters/signon-sandbox.js';
import { PermanentFailure } from '../../src/domain/errors.js';
import { createFingerprinter } from '../../src/domain/fingerprint.js';
import type { ApiUser, SignonApplication, SignonGateway } from '../../src/ports.js';
import { startSignonSimulator, type SignonSimulator } from '../../src/sandbox/signon/index.js';
import { capturedLogger } from './log-capture.js';

describe('a response lost after Signon did the work', () => {
  let signon: SignonSimulator;
  let gateway: SignonGateway;
  let user: ApiUser;
  let app: SignonApplication;

  beforeEach(async () => {
    signon = await startSignonSimulator();
    gateway = createSandboxSignonGateway({
      baseUrl: signon.url,
      adminToken: signon.adminToken,
      fingerprint: createFingerprinter('test-fingerprint-key-0123456789'),
      timeoutMs: 5_000,
      logger: capturedLogger('lost-response').logger,
    });
    user = (await gateway.findApiUser('short-url-manager@alphagov.co.uk'))!;
    app = (await gateway.findApplication('publishing-api'))!;
  });
  afterEach(async () => {
    await signon.close();
  });

  const eventsOf = (type: string) => signon.store.events().filter((event) => event.type === type);

  it('create: the call fails retryably, exactly one token exists, and it can be found to adopt', async () => {
    signon.faults.loseNextCreateResponse();
    const attempt = gateway.createToken(user.id, app.id);
    await expect(attempt).rejects.toThrow(/create token for user .* request failed/);
    await expect(attempt).rejects.not.toBeInstanceOf(PermanentFailure);

    const created = eventsOf('token-created');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ apiUserId: user.id, applicationId: app.id });

    const live = (await gateway.listTokens(user.id, app.id)).filter((token) => token.revokedAt === null);
    expect(live.map((token) => token.id)).toContain(created[0]!.tokenId);
    expect(live).toHaveLength(2);
  });

  it('revoke: the call fails retryably, the retry reports alreadyRevoked, one revocation is logged', async () => {
    const [old] = await gateway.listTokens(user.id, app.id);
    signon.faults.loseNextRevokeResponse();
    const attempt = gateway.revokeToken(old!.id);
    await expect(attempt).rejects.toThrow(`revoke token ${old!.id}: request failed`);
    await expect(attempt).rejects.not.toBeInstanceOf(PermanentFailure);

    await expect(gateway.revokeToken(old!.id)).resolves.toEqual({ alreadyRevoked: true });
    expect(eventsOf('token-revoked').map((event) => event.tokenId)).toEqual([old!.id]);
  });

  it('each switch is used up by one request', async () => {
    signon.faults.loseNextCreateResponse();
    await expect(gateway.createToken(user.id, app.id)).rejects.toThrow('request failed');
    await expect(gateway.createToken(user.id, app.id)).resolves.toMatchObject({ revokedAt: null });
    expect(eventsOf('token-created')).toHaveLength(2);
  });
});
