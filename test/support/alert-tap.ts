/**
 * A pass-through between Alertmanager and the real webhook that keeps every notification and the
 * webhook's answer to it, so an end-to-end test can say which alert led to what without
 * changing either side. Headers (the bearer token) and body go through untouched.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertOutcome } from '../../src/webhook/receive.js';
import type { AlertmanagerPayload } from '../../src/webhook/payload.js';

export interface TappedNotification {
  payload: AlertmanagerPayload;
  status: number;
  /** The webhook's per-alert outcomes, in the payload's alert order. */
  outcomes: AlertOutcome[];
}

export interface AlertTap {
  /** Give this to Alertmanager instead of the webhook's URL. */
  url: string;
  notifications: TappedNotification[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startAlertTap(webhookAlertsUrl: string): Promise<AlertTap> {
  const notifications: TappedNotification[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const forwarded = await fetch(webhookAlertsUrl, {
        method: 'POST',
        headers: {
          'content-type': request.headers['content-type'] ?? 'application/json',
          ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        },
        body,
      });
      const answer = await forwarded.text();
      const parsed = JSON.parse(answer) as { alerts?: AlertOutcome[] };
      notifications.push({ payload: JSON.parse(body) as AlertmanagerPayload, status: forwarded.status, outcomes: parsed.alerts ?? [] });
      response.writeHead(forwarded.status, { 'content-type': 'application/json' }).end(answer);
    })().catch((error: unknown) => {
      response.writeHead(502).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    notifications,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
