import type { SignonFixture } from './fixture.js';
import { DEFAULT_TOKEN_LIFE_SECONDS, SignonStore, type Clock } from './store.js';

const DAY_MS = 86_400_000;

/** Builds a store holding the fixture, its relative times resolved against the clock now. */
export function seedStore(fixture: SignonFixture, clock: Clock): SignonStore {
  const store = new SignonStore(clock);
  const now = clock();
  for (const app of fixture.applications) store.addApplication(app);
  for (const user of fixture.apiUsers) store.addUser(user);
  for (const grant of fixture.grants) {
    const user = store.findUserByEmail(grant.apiUserEmail);
    const application = store.findApplication(grant.applicationName);
    if (!user || !application) {
      throw new Error(`fixture grant names an unknown user or application: ${grant.apiUserEmail} / ${grant.applicationName}`);
    }
    for (const token of grant.tokens) {
      const expiry = now + token.expiresInDays * DAY_MS;
      store.insertToken({
        resourceOwnerId: user.id,
        applicationId: application.id,
        createdAt: expiry - DEFAULT_TOKEN_LIFE_SECONDS * 1000,
        expiresInSeconds: DEFAULT_TOKEN_LIFE_SECONDS,
        revokedAt: token.revokedDaysAgo === undefined ? null : now - token.revokedDaysAgo * DAY_MS,
      });
    }
    const lastSyncedAt = grant.lastSyncedDaysAgo === null ? null : now - grant.lastSyncedDaysAgo * DAY_MS;
    store.setPermissions(user.id, application.id, grant.permissions, lastSyncedAt);
  }
  return store;
}
