/**
 * The key behind token fingerprints. Production must configure one (FINGERPRINT_KEY) so
 * fingerprints stay comparable across workers and restarts; the sandbox makes one once and
 * keeps it in the data folder.
 */
import { ConfigError, type Config } from './config.js';
import { localSecret } from './local-secret.js';

export async function loadFingerprintKey(config: Config): Promise<string> {
  if (config.FINGERPRINT_KEY) return config.FINGERPRINT_KEY;
  if (config.ROTATION_MODE === 'production') {
    throw new ConfigError('FINGERPRINT_KEY: required in production mode (a random string of 16+ characters)');
  }
  return localSecret(config.DATA_DIR, 'fingerprint.key');
}
