/** Signon activities: read the state of a token, mint its successor, revoke what is superseded. */
import { PermanentFailure } from '../src/domain/errors.js';
import { tokenSecretName } from '../src/domain/parameterize.js';
import type { SignonGateway, TokenRecord } from '../src/ports.js';
import type { ActivityDeps } from './deps.js';
import type { TokenRef } from '../workflows/types.js';

export interface PreflightInput {
  apiUser: string;
  application: string;
}

export interface PreflightResult {
  apiUserId: string;
  apiUserName: string;
  applicationId: string;
  applicationName: string;
  suspended: boolean;
  retired: boolean;
  consumerKind: 'internal' | 'external';
  secretName: string;
  /** Not revoked and not expired, newest expiry first. */
  liveTokens: TokenRef[];
  /** Every token id that existed before this rotation, revoked ones included: createToken adopts only others. */
  knownTokenIds: string[];
  lastSyncedAt: string | null;
  /** The newest live token already outlives the alert threshold: nothing to rotate. */
  alreadyFresh: boolean;
  disused: boolean;
}

/** One API user's tokens for one application, and which of them existed before this rotation. */
export interface RotationGrant {
  apiUserId: string;
  applicationId: string;
  knownTokenIds: string[];
}

export type CreateTokenInput = RotationGrant;

export interface RevokeInput {
  grant: RotationGrant;
  /** The tokens to revoke, as this rotation saw them (id and fingerprint). */
  tokens: TokenRef[];
  /**
   * When rotating, the token the consumers now use. It must still be live; and any other live
   * token this rotation made is revoked too: a create Signon carried out after its caller had
   * timed out and retried leaves one, and nobody was given it.
   */
  keep?: TokenRef;
}

export interface RevokeResult {
  revoked: string[];
  alreadyRevoked: string[];
}

function toRef(token: TokenRecord): TokenRef {
  return { id: token.id, fingerprint: token.fingerprint, expiresAt: token.expiresAt };
}

function isLive(token: TokenRecord, now: Date): boolean {
  return token.revokedAt === null && Date.parse(token.expiresAt) > now.getTime();
}

/**
 * Live tokens of the grant that did not exist at preflight, newest first: what this rotation
 * (or a retry of it) created. Signon has no idempotency key, so this is how a rotation knows
 * its own tokens.
 */
export async function tokensMadeSincePreflight(signon: SignonGateway, grant: RotationGrant, now: Date): Promise<TokenRecord[]> {
  return madeSincePreflight(await signon.listTokens(grant.apiUserId, grant.applicationId), grant, now);
}

function madeSincePreflight(tokens: TokenRecord[], grant: RotationGrant, now: Date): TokenRecord[] {
  const known = new Set(grant.knownTokenIds);
  return tokens
    .filter((token) => !known.has(token.id) && isLive(token, now))
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/**
 * Signon ids are only meaningful with the token behind them: before revoking, every token must
 * still be the one this rotation saw (same fingerprint), and the kept one must be live, or
 * nothing is revoked. Days may pass at the approval gate; Signon's data may have been replaced.
 */
function checkBeforeRevoking(listing: TokenRecord[], input: RevokeInput, now: Date): void {
  const byId = new Map(listing.map((token) => [token.id, token]));
  for (const token of input.tokens) {
    if (byId.get(token.id)?.fingerprint !== token.fingerprint) {
      throw new PermanentFailure(`Signon's token ${token.id} is not the token this rotation saw (${token.fingerprint}); nothing was revoked`);
    }
  }
  if (input.keep) {
    const kept = byId.get(input.keep.id);
    if (!kept || kept.fingerprint !== input.keep.fingerprint || !isLive(kept, now)) {
      throw new PermanentFailure(`the token consumers now use (${input.keep.id}) is not live in Signon; nothing was revoked`);
    }
  }
}

export function createSignonActivities(deps: ActivityDeps) {
  const { signon, policy, now } = deps;

  function classify(email: string): 'internal' | 'external' {
    const domain = email.split('@')[1]?.toLowerCase() ?? '';
    return policy.internalEmailDomains.some((internal) => domain === internal.toLowerCase())
      ? 'internal'
      : 'external';
  }

  return {
    async preflight(input: PreflightInput): Promise<PreflightResult> {
      const user = await signon.findApiUser(input.apiUser);
      if (!user) throw new PermanentFailure(`Signon has no API user with email ${input.apiUser}`);
      const application = await signon.findApplication(input.application);
      if (!application) throw new PermanentFailure(`Signon has no application called ${input.application}`);

      const tokens = await signon.listTokens(user.id, application.id);
      const at = now();
      const liveTokens = tokens
        .filter((token) => isLive(token, at))
        .sort((a, b) => Date.parse(b.expiresAt) - Date.parse(a.expiresAt))
        .map(toRef);
      const lastSyncedAt = await signon.lastSyncedAt(user.id, application.id);
      const newestExpiry = liveTokens[0] ? Date.parse(liveTokens[0].expiresAt) : 0;
      const disusedBefore = at.getTime() - policy.disusedAfterSeconds * 1000;

      return {
        apiUserId: user.id,
        apiUserName: user.name,
        applicationId: application.id,
        applicationName: application.name,
        suspended: user.suspended,
        retired: application.retired,
        consumerKind: classify(user.email),
        secretName: tokenSecretName(user.name, application.name),
        liveTokens,
        knownTokenIds: tokens.map((token) => token.id),
        lastSyncedAt,
        alreadyFresh: newestExpiry > at.getTime() + policy.freshForSeconds * 1000,
        disused: lastSyncedAt === null || Date.parse(lastSyncedAt) < disusedBefore,
      };
    },

    /**
     * Idempotent by adoption: Signon has no idempotency key, so a retry (after a lost
     * response or a worker crash) first looks for a live token that did not exist at
     * preflight and adopts it instead of minting a second one.
     */
    async createToken(input: CreateTokenInput): Promise<TokenRef> {
      const [madeEarlier] = await tokensMadeSincePreflight(signon, input, now());
      if (madeEarlier) {
        deps.logger.info({ tokenId: madeEarlier.id }, 'adopting the token an earlier attempt created');
        return toRef(madeEarlier);
      }
      return toRef(await signon.createToken(input.apiUserId, input.applicationId));
    },

    /** Revokes exactly the tokens named; already-revoked ones count as done. */
    async revokeOld(input: RevokeInput): Promise<RevokeResult> {
      const result: RevokeResult = { revoked: [], alreadyRevoked: [] };
      const listing = await signon.listTokens(input.grant.apiUserId, input.grant.applicationId);
      const at = now();
      checkBeforeRevoking(listing, input, at);
      const keep = input.keep;
      const strays = keep ? madeSincePreflight(listing, input.grant, at).filter((token) => token.id !== keep.id) : [];
      for (const tokenId of [...input.tokens.map((token) => token.id), ...strays.map((token) => token.id)]) {
        const { alreadyRevoked } = await signon.revokeToken(tokenId);
        (alreadyRevoked ? result.alreadyRevoked : result.revoked).push(tokenId);
      }
      return result;
    },
  };
}
