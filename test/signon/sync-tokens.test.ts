import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSignonSimulator, SIGNON_FIXTURE, type SignonSimulator } from '../../src/sandbox/signon/index.js';

describe('syncableTokens: what rake kubernetes:sync_token_secrets would write', () => {
  let signon: SignonSimulator;
  beforeAll(async () => {
    signon = await startSignonSimulator();
  });
  afterAll(async () => {
    await signon.close();
  });

  const tokenOf = (email: string, applicationName: string, index: number) => {
    const user = signon.store.findUserByEmail(email)!;
    const app = signon.store.findApplication(applicationName)!;
    return signon.store.listTokens(user.id, app.id)[index]!.token;
  };

  it('picks the token that expires last for each user and application', () => {
    const whitehall = signon.syncableTokens().filter((entry) => entry.apiUserName === 'Whitehall');
    expect(whitehall.find((entry) => entry.applicationName === 'Publishing API')?.token).toBe(
      tokenOf('whitehall@alphagov.co.uk', 'Publishing API', 1),
    );
    expect(whitehall.map((entry) => entry.applicationName).sort()).toEqual(['Asset Manager', 'Publishing API']);
  });

  it('covers every non-suspended grant, retired applications included, and skips the suspended user', () => {
    const entries = signon.syncableTokens();
    expect(entries.some((entry) => entry.apiUserName === 'Calendars Legacy')).toBe(false);
    expect(entries.some((entry) => entry.applicationName === 'Panopticon')).toBe(true);
    const suspended = new Set(SIGNON_FIXTURE.apiUsers.filter((user) => user.suspended).map((user) => user.email));
    expect(entries).toHaveLength(SIGNON_FIXTURE.grants.filter((grant) => !suspended.has(grant.apiUserEmail)).length);
  });

  it('switches to a newly created token', () => {
    const user = signon.store.findUserByEmail('short-url-manager@alphagov.co.uk')!;
    const app = signon.store.findApplication('Publishing API')!;
    const created = signon.store.createToken(user.id, app.id);
    const entry = signon.syncableTokens().find((item) => item.apiUserName === 'Short URL Manager');
    expect(entry?.token).toBe(created.token);
  });

  it('mints Doorkeeper-shaped tokens: 43 URL-safe characters', () => {
    for (const entry of signon.syncableTokens()) expect(entry.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
