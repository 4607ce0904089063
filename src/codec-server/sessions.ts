/**
 * Browser sessions for the codec server. The Web UI cannot send our bearer token, but with
 * "include cross-origin credentials" it sends cookies: a person signs in once on the codec
 * server's own page with the token, and the UI's decode calls then carry the session cookie.
 * Sessions live in memory only, so restarting the codec server signs everyone out.
 */
import { randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'codec_session';
const SESSION_ID = /^[0-9a-f]{64}$/;

export interface Sessions {
  create(): { id: string; maxAgeSeconds: number };
  isValid(id: string | undefined): boolean;
}

export function createSessions(lifetimeMs: number, now: () => number = Date.now): Sessions {
  const expiries = new Map<string, number>();
  return {
    create() {
      for (const [id, expiresAt] of expiries) if (expiresAt <= now()) expiries.delete(id);
      const id = randomBytes(32).toString('hex');
      expiries.set(id, now() + lifetimeMs);
      return { id, maxAgeSeconds: Math.floor(lifetimeMs / 1000) };
    },
    isValid(id) {
      if (id === undefined || !SESSION_ID.test(id)) return false;
      const expiresAt = expiries.get(id);
      return expiresAt !== undefined && expiresAt > now();
    },
  };
}

/** The value of one cookie in a Cookie header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}
