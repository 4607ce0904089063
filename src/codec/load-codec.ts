/**
 * Where the codec keys come from: CODEC_KEYS, or CODEC_KEY_FILE (e.g. a mounted Kubernetes
 * Secret), never both. Production must configure one, so every worker, client and codec
 * server shares the keys; the sandbox makes a key once and keeps it in the data folder.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataConverter, PayloadCodec } from '@temporalio/common';
import { ConfigError, type Config } from '../config/config.js';
import { existingLocalSecret, localSecret } from '../config/local-secret.js';
import { AesGcmPayloadCodec } from './aes-gcm-codec.js';
import { CodecKeyError, parseCodecKeys, type CodecKeyRing } from './keys.js';

/** The id the sandbox's generated key is recorded under in payload metadata. */
export const SANDBOX_KEY_ID = 'sandbox-local';

type KeySettings = Pick<Config, 'ROTATION_MODE' | 'DATA_DIR' | 'CODEC_KEYS' | 'CODEC_KEY_FILE'>;

/**
 * `create`: the stack makes the sandbox key on first start. `read-only`: clients (the CLI) use
 * the key the stack made, and fail when there is none, because a key they made would not be
 * the worker's: the worker could not read what they send, and the rotation would stick.
 */
export type SandboxKeyUse = 'create' | 'read-only';

async function sandboxSecret(dataDir: string, use: SandboxKeyUse): Promise<string> {
  if (use === 'create') return localSecret(dataDir, 'codec.key');
  const secret = await existingLocalSecret(dataDir, 'codec.key');
  if (secret === undefined) {
    throw new ConfigError(
      `no codec key: CODEC_KEYS and CODEC_KEY_FILE are not set and ${path.resolve(dataDir, 'codec.key')} does not exist. ` +
        'Set DATA_DIR to the folder npm start uses (it makes the key there), or set CODEC_KEYS or CODEC_KEY_FILE to the worker\'s keys',
    );
  }
  return secret;
}

async function keyText(config: KeySettings, use: SandboxKeyUse): Promise<{ text: string; source: string }> {
  if (config.CODEC_KEYS !== undefined && config.CODEC_KEY_FILE !== undefined) {
    throw new ConfigError('CODEC_KEYS and CODEC_KEY_FILE are both set: configure the codec keys in one place');
  }
  if (config.CODEC_KEYS !== undefined) return { text: config.CODEC_KEYS, source: 'CODEC_KEYS' };
  if (config.CODEC_KEY_FILE !== undefined) {
    const file = config.CODEC_KEY_FILE;
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(`CODEC_KEY_FILE: cannot read ${file} (${error.code ?? 'error'})`);
    });
    return { text, source: `CODEC_KEY_FILE (${file})` };
  }
  if (config.ROTATION_MODE === 'production') {
    throw new ConfigError(
      'CODEC_KEYS or CODEC_KEY_FILE: required in production mode, so workflow payloads are encrypted. ' +
        'Give "id:secret" with a 32-byte secret, e.g. CODEC_KEYS="2025-01:$(openssl rand -hex 32)"',
    );
  }
  return { text: `${SANDBOX_KEY_ID}:${await sandboxSecret(config.DATA_DIR, use)}`, source: 'the sandbox key in the data folder' };
}

export async function loadCodecKeys(config: KeySettings, use: SandboxKeyUse = 'create'): Promise<CodecKeyRing> {
  const { text, source } = await keyText(config, use);
  try {
    return parseCodecKeys(text, source);
  } catch (error) {
    if (error instanceof CodecKeyError) throw new ConfigError(error.message);
    throw error;
  }
}

export async function loadPayloadCodec(config: KeySettings): Promise<PayloadCodec> {
  return new AesGcmPayloadCodec(await loadCodecKeys(config));
}

/** The data converter every worker and client uses: the default converters plus encryption. */
export function codecDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec] };
}

export function encryptingDataConverter(keys: CodecKeyRing): DataConverter {
  return codecDataConverter(new AesGcmPayloadCodec(keys));
}

export async function loadDataConverter(config: KeySettings, use: SandboxKeyUse = 'create'): Promise<DataConverter> {
  return encryptingDataConverter(await loadCodecKeys(config, use));
}
