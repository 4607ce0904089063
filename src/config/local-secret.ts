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

/**
 * A secret the sandbox made earlier, or undefined when there is none. For clients such as the
 * CLI: a key they made themselves would not be the one the worker uses.
 */
export async function existingLocalSecret(dataDir: string, name: string): Promise<string | undefined> {
  try {
    return (await readFile(path.join(dataDir, name), 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
