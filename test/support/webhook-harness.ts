/**
 * Starts the real webhook server on 127.0.0.1 (port 0) with a FakeRotationStarter and a logger
 * whose output the test can read, and sends real HTTP requests to it.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log.js';
import { startWebhookServer, type WebhookServerOptions } from '../../src/webhook/server.js';
import { FakeRotationStarter } from './fake-rotation-starter.js';

/** Lower case only, so the logger's token-shape masking would not hide it: a leak would show. */
export const WEBHOOK_TOKEN = 'alertmanager-webhook-secret-lowercase-only';

export interface WebhookHarness {
  url: string;
  starter: FakeRotationStarter;
  /** Everything the server logged so far. */
  logs(): string;
  /** POSTs a body to /alerts; objects are sent as JSON, strings as they are. */
  post(body: unknown, options?: { token?: string | null; authorization?: string; contentType?: string }): Promise<Response>;
  metrics(): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(
  options: Partial<Omit<WebhookServerOptions, 'starter' | 'logger'>> = {},
): Promise<WebhookHarness> {
  const starter = new FakeRotationStarter();
  let logText = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logText += chunk.toString('utf8');
      callback();
    },
  });
  const server = await startWebhookServer({
    port: 0,
    starter,
    authToken: WEBHOOK_TOKEN,
    logger: createLogger('webhook-test', sink),
    ...options,
  });
  return {
    url: server.url,
    starter,
    logs: () => logText,
    async post(body, { token = WEBHOOK_TOKEN, authorization, contentType = 'application/json' } = {}) {
      const headers: Record<string, string> = { 'content-type': contentType };
      const auth = authorization ?? (token === null ? undefined : `Bearer ${token}`);
      if (auth !== undefined) headers.authorization = auth;
      return fetch(`${server.url}/alerts`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async metrics() {
      const response = await fetch(`${server.url}/metrics`);
      return response.text();
    },
    close: () => server.close(),
  };
}
