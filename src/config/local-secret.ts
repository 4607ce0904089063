/**
 * Secrets the sandbox makes for itself once and keeps in the data folder (owner-only), so a
 * restart of `npm start` keeps working with what it configured before (e.g. Alertmanager's
 * bearer token for the webhook, the fingerprint key).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function localSecret(dataDir: string, name: string): Promise<string> {
  const file = path.join(dataDir, name);
  await mkdir(dataDir, { recursive: true });
  // 'wx' makes two processes starting at once agree on the first one's value.
  await writeFile(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return (await readFile(file, 'utf8')).trim();
}
