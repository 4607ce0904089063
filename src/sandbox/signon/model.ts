/** The simulator's rows, shaped after Signon's tables. Times are epoch milliseconds. */

export interface UserRow {
  id: string;
  name: string;
  email: string;
  suspended: boolean;
}

export interface ApplicationRow {
  id: string;
  name: string;
  retired: boolean;
}

/** A Doorkeeper access token (Signon calls it an authorisation). The row outlives revocation. */
export interface TokenRow {
  id: string;
  token: string;
  resourceOwnerId: string;
  applicationId: string;
  createdAt: number;
  expiresInSeconds: number;
  revokedAt: number | null;
}

export interface PermissionRow {
  userId: string;
  applicationId: string;
  permissions: string[];
  lastSyncedAt: number | null;
}

/** Append-only audit of what happened to tokens; carries ids, never token text. */
export interface SignonEvent {
  seq: number;
  type: 'token-created' | 'token-revoked' | 'token-validated' | 'token-revealed';
  at: string;
  tokenId: string;
  apiUserId: string;
  applicationId: string;
}

/** Doorkeeper's expiry: created_at + expires_in. */
export function expiresAt(row: TokenRow): number {
  return row.createdAt + row.expiresInSeconds * 1000;
}

export function isLive(row: TokenRow, now: number): boolean {
  return row.revokedAt === null && expiresAt(row) > now;
}

/** What the admin API shows of a token: everything but its text. */
export interface TokenView {
  id: string;
  apiUserId: string;
  applicationId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export function toTokenView(row: TokenRow): TokenView {
  return {
    id: row.id,
    apiUserId: row.resourceOwnerId,
    applicationId: row.applicationId,
    createdAt: new Date(row.createdAt).toISOString(),
    expiresAt: new Date(expiresAt(row)).toISOString(),
    revokedAt: row.revokedAt === null ? null : new Date(row.revokedAt).toISOString(),
  };
}
