import { randomBytes } from 'node:crypto';

/** Doorkeeper's default generator: `SecureRandom.urlsafe_base64(32)`, 43 URL-safe characters. */
export function generateTokenText(): string {
  return randomBytes(32).toString('base64url');
}
