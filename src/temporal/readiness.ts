/**
 * Waits for a Temporal server to be usable: a server process answers on its port well before
 * its namespace is registered, so "ready" means the namespace can be described.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import type { TemporalConnectionSettings } from './connection-settings.js';

const RETRY_INTERVAL_MS = 200;
const ATTEMPT_TIMEOUT_MS = 2_000;

/** Gives up early, e.g. because the process that should serve has exited. */
export type GiveUpCheck = () => string | undefined;

export async function connectWhenReady(
  address: string,
  namespace: string,
  deadline: number,
  giveUp: GiveUpCheck = () => undefined,
  settings: TemporalConnectionSettings = {},
): Promise<Connection> {
  let lastError: unknown;
  for (;;) {
    const reason = giveUp();
    if (reason !== undefined) throw new Error(reason);
    // Lazy, so a failed attempt still has a connection to close; an unclosed one keeps
    // reconnecting in the background and holds the process open.
    const connection = Connection.lazy({ address, connectTimeout: ATTEMPT_TIMEOUT_MS, ...settings });
    try {
      await connection.ensureConnected();
      await connection.workflowService.describeNamespace({ namespace });
      return connection;
    } catch (error) {
      lastError = error;
      await connection.close();
    }
    if (Date.now() >= deadline) {
      throw new Error(`Temporal at ${address} (namespace ${namespace}) did not become ready: ${String(lastError)}`);
    }
    await sleep(RETRY_INTERVAL_MS);
  }
}

/** Any HTTP response counts: the UI serves its app from `/` once it is listening. */
export async function waitForHttp(url: string, deadline: number, giveUp: GiveUpCheck = () => undefined): Promise<void> {
  let lastError: unknown;
  for (;;) {
    const reason = giveUp();
    if (reason !== undefined) throw new Error(reason);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
      await response.body?.cancel();
      return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) throw new Error(`${url} did not answer: ${String(lastError)}`);
    await sleep(RETRY_INTERVAL_MS);
  }
}
