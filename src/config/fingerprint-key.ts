/**
 * The key behind token fingerprints. Production must configure one (FINGERPRINT_KEY) so
 * fingerprints stay comparable across workers and restarts; the sandbox makes one once and
 * keeps it in the data folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type Config } from './config.js';

export async function loadFingerprintKey(config: Config): Promise<string> {
  if (config.FINGERPRINT_KEY) return config.FINGERPRINT_KEY;
  if (config.ROTATION_MODE === 'production') {
    throw new ConfigError('FINGERPRINT_KEY: required in production mode (a random string of 16+ characters)');
  }
  const file = path.join(config.DATA_DIR, 'fingerprint.key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = randomBytes(32).toString('hex');
    await mkdir(config.DATA_DIR, { recursive: true });
    await writeFile(file, key, { mode: 0o600, flag: 'wx' }).catch(async () => undefined);
    return (await readFile(file, 'utf8')).trim();
  }
}
