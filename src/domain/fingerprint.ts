import { createHmac } from 'node:crypto';

/**
 * A short keyed fingerprint of a token: enough to tell two tokens apart in history, logs and
 * status output, useless for recovering or guessing the token. Keyed (HMAC) rather than a bare
 * SHA so that nobody holding only history can confirm a guessed token offline.
 */
export type Fingerprinter = (token: string) => string;

export function createFingerprinter(key: string): Fingerprinter {
  if (key.length < 16) throw new Error('fingerprint key must be at least 16 characters');
  return (token) => `fp:${createHmac('sha256', key).update(token).digest('hex').slice(0, 12)}`;
}
