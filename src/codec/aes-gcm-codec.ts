/**
 * A Temporal payload codec that encrypts every payload with AES-256-GCM. The key id travels in
 * the payload's metadata so a worker, client or codec server holding several keys picks the
 * right one; the key id is also the GCM additional data, so relabelling a payload with another
 * key id fails authentication instead of being tried under the wrong key.
 *
 * The whole original payload (its metadata included, which names the encoding) is sealed, so
 * history shows nothing but the key id. Payloads that are not encrypted pass through decode
 * untouched: search attributes and payloads written before encryption was enabled stay readable.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import type { CodecKeyRing } from './keys.js';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The sealed form of the original payload: its metadata and data as base64. */
const sealedSchema = z.object({ m: z.record(z.string(), z.base64()), d: z.base64() }).strict();

export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

const utf8 = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);
const additionalData = (keyId: string) => Buffer.from(`signon-token-rotation/payload/${keyId}`, 'utf8');

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly ring: CodecKeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.seal(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.open(payload));
  }

  private seal(payload: Payload): Payload {
    const keyId = this.ring.encryptWith;
    const metadata = Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([name, value]) => [name, Buffer.from(value).toString('base64')]),
    );
    const plaintext = Buffer.from(JSON.stringify({ m: metadata, d: Buffer.from(payload.data ?? new Uint8Array()).toString('base64') }), 'utf8');
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.ring.keys.get(keyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(keyId));
    const sealed = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(keyId) },
      data: sealed,
    };
  }

  private open(payload: Payload): Payload {
    if (utf8(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
    const keyId = utf8(payload.metadata?.[KEY_ID_METADATA]);
    if (keyId === undefined) throw new PayloadDecryptionError(`an encrypted payload has no ${KEY_ID_METADATA} metadata`);
    const key = this.ring.keys.get(keyId);
    if (!key) throw new PayloadDecryptionError(`no codec key with id "${keyId}": add it to the decryption keys (CODEC_KEYS or CODEC_KEY_FILE)`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('an encrypted payload is too short to be one');

    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(keyId));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(`an encrypted payload failed authentication under key "${keyId}" (wrong key, or altered)`);
    }
    const sealed = sealedSchema.parse(JSON.parse(plaintext.toString('utf8')));
    return {
      metadata: Object.fromEntries(Object.entries(sealed.m).map(([name, value]) => [name, Buffer.from(value, 'base64')])),
      data: Buffer.from(sealed.d, 'base64'),
    };
  }
}
