/**
 * Checks Alertmanager's `http_config.authorization` bearer token. Both sides are hashed with
 * SHA-256 before `timingSafeEqual`, so the comparison always sees two 32-byte buffers: neither
 * the token's content nor its length can be learned from response times.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer +(\S+)$/i;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function createBearerCheck(expectedToken: string): (authorizationHeader: string | undefined) => boolean {
  if (expectedToken === '') throw new Error('the webhook auth token must not be empty');
  // A bearer credential has no whitespace, so such a token could never match: fail at startup instead.
  if (/\s/.test(expectedToken)) throw new Error('the webhook auth token must not contain whitespace');
  const expectedDigest = sha256(expectedToken);
  return (authorizationHeader) => {
    const presented = authorizationHeader === undefined ? undefined : BEARER.exec(authorizationHeader)?.[1];
    // A caller that sends no bearer token knows it did; only the token's value needs hiding.
    if (presented === undefined) return false;
    return timingSafeEqual(sha256(presented), expectedDigest);
  };
}
