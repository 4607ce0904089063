/**
 * The key behind token fingerprints. Production must configure one (FINGERPRINT_KEY) so
 * fingerprints stay comparable across workers and restarts; the sandbox makes one once and
 * keeps it in the data folder.
 */
import { ConfigError, type Config } from './config.js';
import path from 'node:path';
import { existingLocalSecret, localSecret } from './local-secret.js';

export async function loadFingerprintKey(config: Config): Promise<string> {
  if (config.FINGERPRINT_KEY) return config.FINGERPRINT_KEY;
  if (config.ROTATION_MODE === 'production') {
    throw new ConfigError('FINGERPRINT_KEY: required in production mode (a random string of 16+ characters)');
  }
  return localSecret(config.DATA_DIR, 'fingerprint.key');
}

/** The same key for a client (the CLI): it reads the sandbox's key but never makes one. */
export async function loadExistingFingerprintKey(config: Config): Promise<string> {
  if (config.FINGERPRINT_KEY || config.ROTATION_MODE === 'production') return loadFingerprintKey(config);
  const key = await existingLocalSecret(config.DATA_DIR, 'fingerprint.key');
  if (key === undefined) {
    throw new ConfigError(
      `FINGERPRINT_KEY is not set and ${path.resolve(config.DATA_DIR, 'fingerprint.key')} does not exist: ` +
        'set DATA_DIR to the folder npm start uses (it makes the key), or set FINGERPRINT_KEY to the worker\'s',
    );
  }
  return key;
}
