import { parameterize } from '../../domain/parameterize.js';
import {
  expiresAt,
  isLive,
  type ApplicationRow,
  type PermissionRow,
  type SignonEvent,
  type TokenRow,
  type UserRow,
} from './model.js';
import { generateTokenText } from './token-text.js';

/** Rails' `2.years.to_i`, Signon's ApiUser::DEFAULT_TOKEN_LIFE. */
export const DEFAULT_TOKEN_LIFE_SECONDS = 63_113_904;

export type Clock = () => number;

/** A lookup or change the store refuses; the HTTP layer maps `kind` to a status. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly kind: 'not-found' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

export type Validation =
  | { ok: true; user: UserRow; application: ApplicationRow; permissions: string[] }
  | { ok: false; reason: 'invalid' | 'revoked' | 'expired' };

export interface SyncableToken {
  apiUserName: string;
  applicationName: string;
  token: string;
}

/** In-memory Signon: the rows and the few operations the product and its sandbox need. */
export class SignonStore {
  private readonly users = new Map<string, UserRow>();
  private readonly applications = new Map<string, ApplicationRow>();
  private readonly tokens = new Map<string, TokenRow>();
  private readonly tokenIdsByText = new Map<string, string>();
  private readonly permissions = new Map<string, PermissionRow>();
  private readonly eventLog: SignonEvent[] = [];
  private nextId = { user: 1, application: 1, token: 1001 };

  constructor(readonly clock: Clock) {}

  addUser(fields: Omit<UserRow, 'id'>): UserRow {
    const row = { id: String(this.nextId.user++), ...fields };
    this.users.set(row.id, row);
    return row;
  }

  addApplication(fields: Omit<ApplicationRow, 'id'>): ApplicationRow {
    const row = { id: String(this.nextId.application++), ...fields };
    this.applications.set(row.id, row);
    return row;
  }

  /** Inserts a token row as it already exists (seeding); no event, as it predates the log. */
  insertToken(fields: Omit<TokenRow, 'id' | 'token'>): TokenRow {
    const row: TokenRow = { id: String(this.nextId.token++), token: generateTokenText(), ...fields };
    this.tokens.set(row.id, row);
    this.tokenIdsByText.set(row.token, row.id);
    return row;
  }

  setPermissions(userId: string, applicationId: string, permissions: string[], lastSyncedAt?: number | null): void {
    const row = this.permissionRow(userId, applicationId);
    row.permissions = [...permissions];
    if (lastSyncedAt !== undefined) row.lastSyncedAt = lastSyncedAt;
  }

  findUserByEmail(email: string): UserRow | undefined {
    const wanted = email.trim().toLowerCase();
    return [...this.users.values()].find((user) => user.email.toLowerCase() === wanted);
  }

  /** By name or by its parameterized form, as the alert's `application` label carries it. */
  findApplication(nameOrSlug: string): ApplicationRow | undefined {
    const slug = parameterize(nameOrSlug);
    return (
      [...this.applications.values()].find((app) => app.name === nameOrSlug) ??
      [...this.applications.values()].find((app) => parameterize(app.name) === slug)
    );
  }

  user(id: string): UserRow {
    const row = this.users.get(id);
    if (!row) throw new StoreError('not-found', `no API user with id ${id}`);
    return row;
  }

  application(id: string): ApplicationRow {
    const row = this.applications.get(id);
    if (!row) throw new StoreError('not-found', `no application with id ${id}`);
    return row;
  }

  token(id: string): TokenRow {
    const row = this.tokens.get(id);
    if (!row) throw new StoreError('not-found', `no token with id ${id}`);
    return row;
  }

  /** Every token of the user for the application, revoked ones included, oldest first. */
  listTokens(userId: string, applicationId: string): TokenRow[] {
    this.user(userId);
    this.application(applicationId);
    return [...this.tokens.values()].filter(
      (row) => row.resourceOwnerId === userId && row.applicationId === applicationId,
    );
  }

  lastSyncedAt(userId: string, applicationId: string): number | null {
    this.user(userId);
    this.application(applicationId);
    return this.permissions.get(permissionKey(userId, applicationId))?.lastSyncedAt ?? null;
  }

  /**
   * What Signon's "Create access token" does: a token with the default life, the app's signin
   * permission granted, an event recorded.
   */
  createToken(userId: string, applicationId: string): TokenRow {
    const user = this.user(userId);
    const application = this.application(applicationId);
    if (user.suspended) throw new StoreError('invalid', `API user ${user.email} is suspended`);
    if (application.retired) throw new StoreError('invalid', `application ${application.name} is retired`);
    const row = this.insertToken({
      resourceOwnerId: userId,
      applicationId,
      createdAt: this.clock(),
      expiresInSeconds: DEFAULT_TOKEN_LIFE_SECONDS,
      revokedAt: null,
    });
    const permission = this.permissionRow(userId, applicationId);
    if (!permission.permissions.includes('signin')) permission.permissions.push('signin');
    this.record('token-created', row);
    return row;
  }

  /** Doorkeeper's `revoke`: sets revoked_at once; a second call changes nothing. */
  revokeToken(tokenId: string): { row: TokenRow; alreadyRevoked: boolean } {
    const row = this.token(tokenId);
    if (row.revokedAt !== null) return { row, alreadyRevoked: true };
    row.revokedAt = this.clock();
    this.record('token-revoked', row);
    return { row, alreadyRevoked: false };
  }

  /** The token text, as `rails runner` inside Signon could read it; logged as an event. */
  revealToken(tokenId: string): string {
    const row = this.token(tokenId);
    this.record('token-revealed', row);
    return row.token;
  }

  /** gds-sso's `/user.json` check: a live token, and the sync timestamp touched as Signon does. */
  validate(tokenText: string): Validation {
    const id = this.tokenIdsByText.get(tokenText);
    const row = id === undefined ? undefined : this.tokens.get(id);
    if (!row) return { ok: false, reason: 'invalid' };
    if (row.revokedAt !== null) return { ok: false, reason: 'revoked' };
    const now = this.clock();
    if (expiresAt(row) <= now) return { ok: false, reason: 'expired' };
    const user = this.user(row.resourceOwnerId);
    // Signon revokes a user's tokens when suspending it; this guards rows seeded otherwise.
    if (user.suspended) return { ok: false, reason: 'revoked' };
    const permission = this.permissionRow(row.resourceOwnerId, row.applicationId);
    permission.lastSyncedAt = now;
    this.record('token-validated', row);
    return { ok: true, user, application: this.application(row.applicationId), permissions: [...permission.permissions] };
  }

  /** Not revoked and not expired, with their owners and applications: what the gauge exports. */
  liveTokens(): Array<{ row: TokenRow; user: UserRow; application: ApplicationRow }> {
    const now = this.clock();
    return [...this.tokens.values()]
      .filter((row) => isLive(row, now))
      .map((row) => ({ row, user: this.user(row.resourceOwnerId), application: this.application(row.applicationId) }));
  }

  /**
   * `rake kubernetes:sync_token_secrets`: for every non-suspended API user and application, the
   * not-revoked token that expires last. Like the task, it does not skip expired tokens or
   * retired applications (`authorisations.not_revoked.ordered_by_expires_at`).
   */
  syncableTokens(): SyncableToken[] {
    const latest = new Map<string, TokenRow>();
    for (const row of this.tokens.values()) {
      if (row.revokedAt !== null || this.user(row.resourceOwnerId).suspended) continue;
      const key = permissionKey(row.resourceOwnerId, row.applicationId);
      const current = latest.get(key);
      if (!current || expiresAt(row) >= expiresAt(current)) latest.set(key, row);
    }
    return [...latest.values()].map((row) => ({
      apiUserName: this.user(row.resourceOwnerId).name,
      applicationName: this.application(row.applicationId).name,
      token: row.token,
    }));
  }

  events(): readonly SignonEvent[] {
    return this.eventLog;
  }

  private record(type: SignonEvent['type'], row: TokenRow): void {
    this.eventLog.push({
      seq: this.eventLog.length + 1,
      type,
      at: new Date(this.clock()).toISOString(),
      tokenId: row.id,
      apiUserId: row.resourceOwnerId,
      applicationId: row.applicationId,
    });
  }

  private permissionRow(userId: string, applicationId: string): PermissionRow {
    const key = permissionKey(userId, applicationId);
    let row = this.permissions.get(key);
    if (!row) {
      row = { userId, applicationId, permissions: [], lastSyncedAt: null };
      this.permissions.set(key, row);
    }
    return row;
  }
}

function permissionKey(userId: string, applicationId: string): string {
  return `${userId}:${applicationId}`;
}
