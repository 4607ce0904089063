/**
 * Polls until something has happened. The deadline only turns a hang into a readable failure;
 * nothing asserts how long it took.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export async function waitUntil<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(250);
  }
}
