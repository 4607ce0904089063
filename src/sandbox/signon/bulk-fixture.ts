/**
 * A fixture for load: the usual sandbox plus `count` internal API users, each with one
 * Publishing API token about to expire and a Deployment of its own reading it. Every rotation
 * then has a distinct token, Secret and consumer, as a real fleet would, so hundreds can run
 * at once without two rotating the same token.
 */
import { SIGNON_FIXTURE, type FixtureApiUser, type FixtureGrant, type SignonFixture } from './fixture.js';

export const LOAD_CLIENT_DOMAIN = 'alphagov.co.uk';

export function loadClientEmail(index: number): string {
  return `load-client-${String(index).padStart(3, '0')}@${LOAD_CLIENT_DOMAIN}`;
}

export function withLoadClients(count: number, base: SignonFixture = SIGNON_FIXTURE): SignonFixture {
  const users: FixtureApiUser[] = [];
  const grants: FixtureGrant[] = [];
  for (let index = 1; index <= count; index += 1) {
    const name = `Load Client ${String(index).padStart(3, '0')}`;
    const email = loadClientEmail(index);
    users.push({ name, email, suspended: false });
    grants.push({
      apiUserEmail: email,
      applicationName: 'Publishing API',
      permissions: ['signin'],
      tokens: [{ expiresInDays: 10 }],
      lastSyncedDaysAgo: 1 / 24,
      consumer: {
        kind: 'internal',
        deployments: [{ deployment: `load-client-${String(index).padStart(3, '0')}`, container: 'app', envVar: 'PUBLISHING_API_BEARER_TOKEN' }],
      },
      scenario: 'load: an internal consumer whose token expires soon',
    });
  }
  return { applications: base.applications, apiUsers: [...base.apiUsers, ...users], grants: [...base.grants, ...grants] };
}
