/**
 * The payload codec's keys. Several may be configured so keys can be rotated: the first one
 * encrypts, every one decrypts, so history written under an older key stays readable until
 * it is removed. Text form: `id:secret` entries separated by commas or newlines, where the
 * secret is 32 bytes as 64 hex characters or as base64. Errors name the entry, never the secret.
 */
export const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface CodecKeyRing {
  /** The id new payloads are encrypted with (recorded in each payload's metadata). */
  encryptWith: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class CodecKeyError extends Error {
  override readonly name = 'CodecKeyError';
}

function decodeSecret(secret: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(secret)) return Buffer.from(secret, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(secret)) return undefined;
  const bytes = Buffer.from(secret, 'base64');
  return bytes.length === KEY_BYTES ? bytes : undefined;
}

/** `source` names where the text came from (a variable or a file) for error messages. */
export function parseCodecKeys(text: string, source: string): CodecKeyRing {
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0 && !entry.startsWith('#'));
  if (entries.length === 0) throw new CodecKeyError(`${source}: no keys (expected "id:secret", comma or newline separated)`);
  const keys = new Map<string, Buffer>();
  entries.forEach((entry, index) => {
    const separator = entry.indexOf(':');
    const id = separator < 0 ? '' : entry.slice(0, separator);
    if (!KEY_ID.test(id)) {
      throw new CodecKeyError(`${source}: entry ${index + 1} needs the form "id:secret" with an id of letters, digits, ".", "_" or "-"`);
    }
    const key = decodeSecret(entry.slice(separator + 1).trim());
    if (!key) throw new CodecKeyError(`${source}: key "${id}" must be ${KEY_BYTES} bytes, as 64 hex characters or base64`);
    if (keys.has(id)) throw new CodecKeyError(`${source}: key id "${id}" appears twice`);
    keys.set(id, key);
  });
  return { encryptWith: [...keys.keys()][0]!, keys };
}
