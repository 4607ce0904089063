import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServerApiClient } from '../../src/adapters/server-api.js';
import { createSandboxSignonGateway } from '../../src/adapters/signon-sandbox.js';
import { createFingerprinter } from '../../src/domain/fingerprint.js';
import { startServerApiSimulator, type ServerApiSimulator } from '../../src/sandbox/server-api/index.js';
import { SIGNON_FIXTURE, startSignonSimulator, type SignonSimulator } from '../../src/sandbox/signon/index.js';
import { capturedLogger } from './log-capture.js';

describe('token text stays out of error messages and log lines', () => {
  let signon: SignonSimulator;
  let publishingApi: ServerApiSimulator;
  const logs = capturedLogger('leak-test');
  const failures: unknown[] = [];

  async function failing(promise: Promise<unknown>): Promise<void> {
    await promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => {
        failures.push(error);
      },
    );
  }

  /** Every token text the simulator holds, revoked and newly created ones included. */
  function allTokenTexts(): string[] {
    return SIGNON_FIXTURE.grants.flatMap((grant) => {
      const user = signon.store.findUserByEmail(grant.apiUserEmail)!;
      const app = signon.store.findApplication(grant.applicationName)!;
      return signon.store.listTokens(user.id, app.id).map((row) => row.token);
    });
  }

  beforeAll(async () => {
    signon = await startSignonSimulator();
    publishingApi = await startServerApiSimulator({ signonUrl: signon.url, application: 'Publishing API' });
    const gateway = createSandboxSignonGateway({
      baseUrl: signon.url,
      adminToken: signon.adminToken,
      fingerprint: createFingerprinter('test-fingerprint-key-0123456789'),
      timeoutMs: 2_000,
      logger: logs.logger,
    });
    const smoke = createServerApiClient({
      baseUrls: { 'publishing-api': publishingApi.url, 'email-alert-api': 'http://127.0.0.1:9' },
      timeoutMs: 2_000,
      logger: logs.logger,
    });
    const signal = new AbortController().signal;

    const user = (await gateway.findApiUser('short-url-manager@alphagov.co.uk'))!;
    const app = (await gateway.findApplication('publishing-api'))!;
    const [old] = await gateway.listTokens(user.id, app.id);
    const created = await gateway.createToken(user.id, app.id);
    const newText = await gateway.revealToken(created.id);
    const oldText = await gateway.revealToken(old!.id);
    await smoke.smokeCall('publishing-api', newText, signal);

    signon.faults.loseNextCreateResponse();
    await failing(gateway.createToken(user.id, app.id));
    signon.faults.failNext(1, 500);
    await failing(gateway.revealToken(created.id));
    await failing(gateway.revealToken('987654'));
    await gateway.revokeToken(old!.id);
    await failing(smoke.smokeCall('publishing-api', oldText, signal));
    const otherApp = signon.syncableTokens().find((entry) => entry.applicationName === 'Email Alert API')!.token;
    await failing(smoke.smokeCall('publishing-api', otherApp, signal));
    publishingApi.faults.forceStatus(503);
    await failing(smoke.smokeCall('publishing-api', newText, signal));
    await failing(smoke.smokeCall('email-alert-api', newText, signal));
    const offline = createSandboxSignonGateway({
      baseUrl: 'http://127.0.0.1:9',
      adminToken: signon.adminToken,
      fingerprint: createFingerprinter('test-fingerprint-key-0123456789'),
      timeoutMs: 2_000,
      logger: logs.logger,
    });
    await failing(offline.revealToken(created.id));
  });
  afterAll(async () => {
    await publishingApi.close();
    await signon.close();
  });

  it('exercised the failure paths and wrote log lines', () => {
    expect(failures).toHaveLength(8);
    expect(logs.lines.length).toBeGreaterThan(10);
    // Nothing token-shaped reached the logger at all: masking is a second wall, not the first.
    expect(logs.lines.join('')).not.toContain('[redacted]');
  });

  it('no failure carries a token or the admin token in its message, stack or fields', () => {
    const secrets = [...allTokenTexts(), signon.adminToken];
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(Error);
      const error = failure as Error;
      const text = [error.message, error.stack ?? '', JSON.stringify(error), String(error.cause ?? '')].join('\n');
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });

  it('no log line carries a token or the admin token', () => {
    const secrets = [...allTokenTexts(), signon.adminToken];
    const all = logs.lines.join('');
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});
