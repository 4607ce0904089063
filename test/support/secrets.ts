/**
 * Searches for token text where it must never be. History payloads are bytes (JSON inside),
 * so every byte array is decoded before searching; a plain JSON.stringify would hide them.
 */
import type { Sandbox } from '../../src/sandbox/gov-uk.js';
import { SIGNON_FIXTURE } from '../../src/sandbox/signon/index.js';

function collectText(value: unknown, into: string[], depth = 0): void {
  if (depth > 64 || value === null || value === undefined) return;
  if (typeof value === 'string') into.push(value);
  else if (value instanceof Uint8Array) into.push(Buffer.from(value).toString('utf8'), Buffer.from(value).toString('base64'));
  else if (Array.isArray(value)) for (const item of value) collectText(item, into, depth + 1);
  else if (typeof value === 'object') for (const item of Object.values(value)) collectText(item, into, depth + 1);
}

/** Every string and decoded byte array inside a value (a history, a description), as one text. */
export function allText(value: unknown): string {
  const parts: string[] = [];
  collectText(value, parts);
  return parts.join('\n');
}

/** Every token text the sandbox's Signon has ever issued, fixture tokens included. */
export function issuedTokens(sandbox: Sandbox): string[] {
  const { store } = sandbox.signon;
  const texts: string[] = [];
  for (const fixtureUser of SIGNON_FIXTURE.apiUsers) {
    const user = store.findUserByEmail(fixtureUser.email);
    for (const fixtureApplication of SIGNON_FIXTURE.applications) {
      const application = store.findApplication(fixtureApplication.name);
      if (!user || !application) continue;
      texts.push(...store.listTokens(user.id, application.id).map((row) => row.token));
    }
  }
  if (texts.length === 0) throw new Error('found no issued tokens: the search would prove nothing');
  return texts;
}

/** The issued tokens that appear in the text, for a readable failure message. */
export function leakedTokens(text: string, tokens: string[]): string[] {
  return tokens.filter((token) => text.includes(token));
}
