/** The payload codec and its keys: encryption, key rotation, and refusing what it cannot trust. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, KEY_ID_METADATA } from '../../src/codec/aes-gcm-codec.js';
import { parseCodecKeys } from '../../src/codec/keys.js';
import { loadCodecKeys, SANDBOX_KEY_ID } from '../../src/codec/load-codec.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';

const OLD_SECRET = '11'.repeat(32);
const NEW_SECRET = Buffer.alloc(32, 7).toString('base64');
const payload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const text = (payloads: Payload[]) => payloads.map((one) => Buffer.from(one.data ?? []).toString('utf8')).join('\n');

describe('AES-256-GCM payload codec', () => {
  const value = { apiUser: 'short-url-manager@alphagov.co.uk', note: 'readable only with the key' };

  test('encrypts so the history shows nothing but the key id, and decodes back to the same payload', async () => {
    const codec = new AesGcmPayloadCodec(parseCodecKeys(`k1:${OLD_SECRET}`, 'test'));
    const [encoded] = await codec.encode([payload(value)]);
    expect(text([encoded!])).not.toContain('short-url-manager');
    expect(Buffer.from(encoded!.metadata![KEY_ID_METADATA]!).toString()).toBe('k1');
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(value);
  });

  test('after a key rotation the first key encrypts and the old one still decrypts older history', async () => {
    const before = new AesGcmPayloadCodec(parseCodecKeys(`old:${OLD_SECRET}`, 'test'));
    const after = new AesGcmPayloadCodec(parseCodecKeys(`new:${NEW_SECRET},old:${OLD_SECRET}`, 'test'));
    const [written] = await before.encode([payload(value)]);
    expect(defaultPayloadConverter.fromPayload((await after.decode([written!]))[0]!)).toEqual(value);
    const [rewritten] = await after.encode([payload(value)]);
    expect(Buffer.from(rewritten!.metadata![KEY_ID_METADATA]!).toString()).toBe('new');
  });

  test('refuses a payload under an unknown key, an altered one, and one relabelled with another key id', async () => {
    const codec = new AesGcmPayloadCodec(parseCodecKeys(`a:${OLD_SECRET},b:${NEW_SECRET}`, 'test'));
    const [sealed] = await codec.encode([payload(value)]);
    const stranger = new AesGcmPayloadCodec(parseCodecKeys(`c:${OLD_SECRET}`, 'test'));
    await expect(stranger.decode([sealed!])).rejects.toThrow('no codec key with id "a"');

    const altered = Buffer.from(sealed!.data!);
    altered[20] = altered[20]! ^ 1;
    await expect(codec.decode([{ ...sealed!, data: altered }])).rejects.toThrow('failed authentication');

    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: Buffer.from('b') } };
    await expect(codec.decode([relabelled])).rejects.toThrow('failed authentication under key "b"');
  });

  test('passes payloads that were never encrypted through decode untouched', async () => {
    const codec = new AesGcmPayloadCodec(parseCodecKeys(`k:${OLD_SECRET}`, 'test'));
    const plain = payload('plain');
    expect(await codec.decode([plain])).toEqual([plain]);
  });
});

describe('codec key configuration', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'codec-keys-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test.each([
    ['no id', OLD_SECRET, 'entry 1 needs the form'],
    ['a short secret', 'k:abcd', 'must be 32 bytes'],
    ['a duplicate id', `k:${OLD_SECRET},k:${NEW_SECRET}`, 'appears twice'],
    ['nothing', ' , ', 'no keys'],
  ])('refuses %s, naming the variable and never echoing a secret', async (_name, keys, message) => {
    const config = loadConfig({ CODEC_KEYS: keys });
    const error = await loadCodecKeys(config).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('CODEC_KEYS');
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain(OLD_SECRET);
  });

  test('reads keys from a key file, comments and newlines allowed', async () => {
    const file = path.join(dataDir, 'keys');
    await writeFile(file, `# newest first\nnew:${NEW_SECRET}\nold:${OLD_SECRET}\n`, { mode: 0o600 });
    const ring = await loadCodecKeys(loadConfig({ CODEC_KEY_FILE: file }));
    expect(ring.encryptWith).toBe('new');
    expect([...ring.keys.keys()]).toEqual(['new', 'old']);
  });

  test('production mode without a key refuses with a message saying what to set', async () => {
    await expect(loadCodecKeys(loadConfig({ ROTATION_MODE: 'production', DATA_DIR: dataDir }))).rejects.toThrow(
      /CODEC_KEYS or CODEC_KEY_FILE: required in production mode/,
    );
  });

  test('the sandbox generates a key once and keeps it in the data folder', async () => {
    const first = await loadCodecKeys(loadConfig({ DATA_DIR: dataDir }));
    const second = await loadCodecKeys(loadConfig({ DATA_DIR: dataDir }));
    expect(first.encryptWith).toBe(SANDBOX_KEY_ID);
    expect(second.keys.get(SANDBOX_KEY_ID)).toEqual(first.keys.get(SANDBOX_KEY_ID));
    expect((await readFile(path.join(dataDir, 'codec.key'), 'utf8')).trim()).toHaveLength(64);
  });
});
