import { randomBytes, randomUUID } from 'node:crypto';

// The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes).
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A random suffix like the ones ReplicaSets and Jobs append to pod names. */
export function nameSuffix(length = 5): string {
  return Array.from(randomBytes(length), (byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join('');
}

export function newUid(): string {
  return randomUUID();
}

export function nowIso(): string {
  // The apiserver serialises timestamps to whole seconds.
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
