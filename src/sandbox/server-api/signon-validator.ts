import { createHash } from 'node:crypto';

export type TokenCheck =
  | { outcome: 'valid'; applicationName: string; permissions: string[]; email: string }
  | { outcome: 'invalid' }
  | { outcome: 'signon-unavailable' };

interface UserJson {
  user: { email: string; permissions: string[] };
  application: { name: string };
}

function isUserJson(body: unknown): body is UserJson {
  if (body === null || typeof body !== 'object') return false;
  const { user, application } = body as Record<string, unknown>;
  if (user === null || typeof user !== 'object' || application === null || typeof application !== 'object') return false;
  const { email, permissions } = user as Record<string, unknown>;
  return typeof email === 'string' && Array.isArray(permissions) && typeof (application as Record<string, unknown>).name === 'string';
}

/**
 * How a GOV.UK server app checks a bearer token: gds-sso asks Signon's `/user.json` and caches
 * the answer (5 minutes in production, which is why revocation is not instant). The sandbox
 * defaults to no cache so a revoked token fails at once. Cache keys are hashes, so the
 * simulator's memory holds no token text beyond the request at hand.
 */
export function createSignonValidator(signonUrl: string, cacheTtlMs: number, timeoutMs = 5_000) {
  const cache = new Map<string, { until: number; check: TokenCheck }>();

  return async function check(token: string): Promise<TokenCheck> {
    const key = createHash('sha256').update(token).digest('hex');
    const cached = cache.get(key);
    if (cached && cached.until > Date.now()) return cached.check;

    let response: Response;
    try {
      response = await fetch(new URL('/user.json', signonUrl), {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      return { outcome: 'signon-unavailable' };
    }
    const body: unknown = await response.json().catch(() => null);
    let result: TokenCheck;
    if (response.status === 200 && isUserJson(body)) {
      result = {
        outcome: 'valid',
        applicationName: body.application.name,
        permissions: body.user.permissions.filter((item): item is string => typeof item === 'string'),
        email: body.user.email,
      };
    } else if (response.status === 401) {
      result = { outcome: 'invalid' };
    } else {
      return { outcome: 'signon-unavailable' };
    }
    if (cacheTtlMs > 0) cache.set(key, { until: Date.now() + cacheTtlMs, check: result });
    return result;
  };
}
