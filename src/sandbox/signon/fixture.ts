/**
 * The one place the sandbox's Signon data lives. Times are relative (days from "now" at seed
 * time) so the same fixture stays realistic whatever the clock says. The Kubernetes sandbox
 * reads `consumers` to create the Deployments that reference each token Secret, so a grant's
 * consumers and its Signon rows cannot drift apart.
 */

export interface FixtureApiUser {
  name: string;
  email: string;
  suspended: boolean;
}

export interface FixtureApplication {
  name: string;
  retired: boolean;
}

/** A Deployment container that reads the grant's token Secret through secretKeyRef. */
export interface FixtureDeployment {
  deployment: string;
  container: string;
  /** Usually `<SERVER_APP>_BEARER_TOKEN`, but not always: consumers are found by secretKeyRef. */
  envVar: string;
}

export type FixtureConsumer =
  | { kind: 'internal'; deployments: FixtureDeployment[] }
  | { kind: 'external'; organisation: string };

export interface FixtureToken {
  /** Expiry relative to seed time; every fixture token had Signon's default 2-year life. */
  expiresInDays: number;
  revokedDaysAgo?: number;
}

export interface FixtureGrant {
  apiUserEmail: string;
  applicationName: string;
  permissions: string[];
  tokens: FixtureToken[];
  /** When a client last validated a token of this user for this app; null = never. */
  lastSyncedDaysAgo: number | null;
  consumer: FixtureConsumer;
  /** Why this grant is in the fixture: the scenario it lets a test or demo exercise. */
  scenario: string;
}

export interface SignonFixture {
  applications: FixtureApplication[];
  apiUsers: FixtureApiUser[];
  grants: FixtureGrant[];
}

const HOUR = 1 / 24;

function internal(...deployments: Array<[deployment: string, envVar: string]>): FixtureConsumer {
  return {
    kind: 'internal',
    deployments: deployments.map(([deployment, envVar]) => ({ deployment, container: 'app', envVar })),
  };
}

export const SIGNON_FIXTURE: SignonFixture = {
  applications: [
    { name: 'Publishing API', retired: false },
    { name: 'Email Alert API', retired: false },
    { name: 'Asset Manager', retired: false },
    { name: 'Link Checker API', retired: false },
    { name: 'Content Publisher', retired: false },
    { name: 'Trade Tariff Backend', retired: false },
    { name: 'Panopticon', retired: true },
  ],
  apiUsers: [
    { name: 'Short URL Manager', email: 'short-url-manager@alphagov.co.uk', suspended: false },
    { name: 'HMRC Customs Guidance Publisher', email: 'customs-guidance-publisher@hmrc.gov.uk', suspended: false },
    { name: 'Trade Tariff Admin', email: 'trade-tariff-admin@trade-tariff.service.gov.uk', suspended: false },
    {
      name: 'Signon API Client (permission and suspension updater)',
      email: 'signon+permissions@alphagov.co.uk',
      suspended: false,
    },
    { name: 'Specialist Publisher Rebuild', email: 'specialist-publisher-rebuild@alphagov.co.uk', suspended: false },
    { name: 'Content Publisher', email: 'content-publisher@alphagov.co.uk', suspended: false },
    { name: 'Whitehall', email: 'whitehall@alphagov.co.uk', suspended: false },
    { name: 'Email Alert Frontend', email: 'email-alert-frontend@alphagov.co.uk', suspended: false },
    { name: 'Local Links Manager', email: 'local-links-manager@alphagov.co.uk', suspended: false },
    { name: 'Travel Advice Publisher', email: 'travel-advice-publisher@alphagov.co.uk', suspended: false },
    { name: 'Calendars Legacy', email: 'calendars-legacy@alphagov.co.uk', suspended: true },
  ],
  grants: [
    {
      apiUserEmail: 'short-url-manager@alphagov.co.uk',
      applicationName: 'Publishing API',
      permissions: ['signin'],
      tokens: [{ expiresInDays: 10 }],
      lastSyncedDaysAgo: 2 * HOUR,
      consumer: internal(
        ['short-url-manager', 'PUBLISHING_API_BEARER_TOKEN'],
        ['short-url-manager-worker', 'PUBLISHING_API_BEARER_TOKEN'],
      ),
      scenario: "the runbook's example: internal consumer whose daily auto-renewal failed; rotate",
    },
    {
      apiUserEmail: 'customs-guidance-publisher@hmrc.gov.uk',
      applicationName: 'Publishing API',
      permissions: ['signin'],
      tokens: [{ expiresInDays: 6 }],
      lastSyncedDaysAgo: 5 * HOUR,
      consumer: { kind: 'external', organisation: 'HM Revenue & Customs' },
      scenario: 'external consumer: never auto-renewed; a person confirms the hand-over',
    },
    {
      apiUserEmail: 'trade-tariff-admin@trade-tariff.service.gov.uk',
      applicationName: 'Trade Tariff Backend',
      permissions: ['signin'],
      tokens: [{ expiresInDays: 8 }],
      lastSyncedDaysAgo: 1 * HOUR,
      consumer: { kind: 'external', organisation: 'Online Trade Tariff' },
      scenario: 'special case: Trade Tariff tokens go to a person',
    },
    {
      apiUserEmail: 'signon+permissions@alphagov.co.uk',
      applicationName: 'Content Publisher',
      permissions: ['signin', 'user_update_permission'],
      tokens: [{ expiresInDays: 12 }],
      lastSyncedDaysAgo: 3 * HOUR,
      consumer: internal(),
      scenario: 'special case: Signon rotates its own permission-updater token; ignore',
    },
    {
      apiUserEmail: 'specialist-publisher-rebuild@alphagov.co.uk',
      applicationName: 'Publishing API',
      permissions: ['signin'],
      tokens: [{ expiresInDays: 9 }],
      lastSyncedDaysAgo: 190,
      consumer: internal(),
      scenario: 'disused: last synced months ago and no Deployment reads it; offer revoke-only',
    },
    {
      apiUserEmail: 'content-publisher@alphagov.co.uk',
      applicationName: 'Publishing API',
      permissions: ['signin'],
      tokens: [{ expiresInDays: 540 }],
      lastSyncedDaysAgo: 10 / 60 / 24,
      consumer: internal(
        ['content-publisher', 'PUBLISHING_API_BEARER_TOKEN'],
        ['content-publisher-worker', 'PUBLISHING_API_BEARER_TOKEN'],
      ),
      scenario: 'healthy',
    },
    {
      apiUserEmail: 'whitehall@alphagov.co.uk',
      applicationName: 'Publishing API',
      permissions: ['signin'],
      // The daily auto-renewal minted the second token and left the first live until it expires.
      tokens: [{ expiresInDays: 20 }, { expiresInDays: 700 }],
      lastSyncedDaysAgo: 15 / 60 / 24,
      consumer: internal(['whitehall-admin', 'PUBLISHING_API_BEARER_TOKEN']),
      scenario: 'healthy after auto-renewal: a superseded token still live; the newest counts',
    },
    {
      apiUserEmail: 'whitehall@alphagov.co.uk',
      applicationName: 'Asset Manager',
      permissions: ['signin'],
      tokens: [{ expiresInDays: 610 }],
      lastSyncedDaysAgo: 1 * HOUR,
      consumer: internal(['whitehall-admin', 'ASSET_MANAGER_BEARER_TOKEN']),
      scenario: 'healthy: second server app for one client',
    },
    {
      apiUserEmail: 'email-alert-frontend@alphagov.co.uk',
      applicationName: 'Email Alert API',
      permissions: ['signin'],
      tokens: [{ expiresInDays: 450 }],
      lastSyncedDaysAgo: 4 * HOUR,
      consumer: internal(['email-alert-frontend', 'EMAIL_ALERT_API_BEARER_TOKEN']),
      scenario: 'healthy',
    },
    {
      apiUserEmail: 'local-links-manager@alphagov.co.uk',
      applicationName: 'Link Checker API',
      permissions: ['signin'],
      tokens: [{ expiresInDays: 380 }],
      lastSyncedDaysAgo: 1,
      consumer: internal(['local-links-manager', 'LINK_CHECKER_API_SECRET_TOKEN']),
      scenario: 'healthy: env var does not follow <APP>_BEARER_TOKEN',
    },
    {
      apiUserEmail: 'travel-advice-publisher@alphagov.co.uk',
      applicationName: 'Publishing API',
      permissions: ['signin'],
      tokens: [{ expiresInDays: 420 }],
      lastSyncedDaysAgo: 6 * HOUR,
      consumer: internal(['travel-advice-publisher', 'PUBLISHING_API_BEARER_TOKEN']),
      scenario: 'healthy',
    },
    {
      apiUserEmail: 'travel-advice-publisher@alphagov.co.uk',
      applicationName: 'Panopticon',
      permissions: ['signin'],
      tokens: [{ expiresInDays: 200 }],
      lastSyncedDaysAgo: 900,
      consumer: internal(),
      scenario: 'retired application: its token stays live until it expires',
    },
    {
      apiUserEmail: 'calendars-legacy@alphagov.co.uk',
      applicationName: 'Publishing API',
      permissions: ['signin'],
      // Suspending a user revokes its tokens in Signon.
      tokens: [{ expiresInDays: 300, revokedDaysAgo: 90 }],
      lastSyncedDaysAgo: 91,
      consumer: internal(),
      scenario: 'suspended user: skipped by the sync task and the gauge',
    },
  ],
};
