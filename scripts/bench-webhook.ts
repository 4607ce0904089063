/**
 * `npm run bench:webhook`: how fast the alert webhook absorbs a burst of Alertmanager
 * notifications when it really talks to Temporal, next to a bare Node server doing nothing.
 *
 * The burst is mostly duplicates (Alertmanager resends whole groups every repeat interval and HA
 * pairs deliver twice) of a few distinct tokens, some notifications carrying several alerts.
 * Every distinct token must start exactly one rotation however often it arrives; the script says
 * whether it did. Figures are printed, not judged: they depend on the machine.
 *
 *   npm run bench:webhook -- [--notifications 2000] [--tokens 20] [--concurrency 32]
 *
 * Temporal is an in-memory dev server started for the run (no worker: started rotations just
 * wait, and vanish with the server).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createLogger } from '../src/log.js';
import { startTemporal } from '../src/temporal/dev-server.js';
import { createRotationStarter } from '../src/temporal/rotation-starter.js';
import type { AlertOutcome } from '../src/webhook/receive.js';
import type { Alert } from '../src/webhook/payload.js';
import { startWebhookServer } from '../src/webhook/server.js';
// The same payload builder the receiver's tests use, so the burst is shaped like their notifications.
import { notification } from '../test/support/alertmanager-notification.js';

const AUTH_TOKEN = `bench-${randomUUID()}`;
/** One notification in this many carries three alerts, like a group listing several tokens. */
const GROUP_EVERY = 10;
const GROUP_SIZE = 3;
const WARM_UP_REQUESTS = 200;

interface Options {
  notifications: number;
  tokens: number;
  concurrency: number;
}

function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return value;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: { notifications: { type: 'string' }, tokens: { type: 'string' }, concurrency: { type: 'string' } },
    strict: true,
  });
  return {
    notifications: positiveInteger('notifications', values.notifications, 2000),
    tokens: positiveInteger('tokens', values.tokens, 20),
    concurrency: positiveInteger('concurrency', values.concurrency, 32),
  };
}

function alert(token: number, environment: string): Alert {
  const labels = {
    alertname: 'SignonApiUserTokenExpirySoon',
    severity: 'warning',
    environment,
    api_user: `bench-consumer-${token}@example.gov.uk`,
    application: 'publishing-api',
  };
  return {
    status: 'firing',
    labels,
    annotations: { summary: `Signon API user token for ${labels.api_user} / publishing-api expires soon` },
    startsAt: new Date().toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://127.0.0.1:9090/graph',
    fingerprint: `${environment}-${token}`,
  };
}


/** The burst: notification i names token i mod M, so every token recurs; every tenth is a group of three. */
function burst(options: Options): string[] {
  return Array.from({ length: options.notifications }, (_, index) => {
    const size = index % GROUP_EVERY === GROUP_EVERY - 1 ? GROUP_SIZE : 1;
    return JSON.stringify(notification(Array.from({ length: size }, (_, offset) => alert((index + offset) % options.tokens, 'production'))));
  });
}

interface Measured {
  seconds: number;
  latenciesMs: number[];
  statuses: Map<number, number>;
  started: number;
}

/** Sends every body with at most `concurrency` requests in flight. */
async function send(url: string, bodies: readonly string[], concurrency: number): Promise<Measured> {
  const latenciesMs: number[] = [];
  const statuses = new Map<number, number>();
  let started = 0;
  let next = 0;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${AUTH_TOKEN}` };
  const lane = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const begin = performance.now();
      const response = await fetch(url, { method: 'POST', headers, body });
      const text = await response.text();
      latenciesMs.push(performance.now() - begin);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 200) {
        const outcomes = (JSON.parse(text) as { alerts: AlertOutcome[] }).alerts;
        started += outcomes.filter((outcome) => outcome.outcome === 'started').length;
      }
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { seconds: (performance.now() - begin) / 1000, latenciesMs, statuses, started };
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

function summarise(name: string, measured: Measured): { rate: number; p50: number; p99: number } {
  const sorted = [...measured.latenciesMs].sort((a, b) => a - b);
  const rate = measured.latenciesMs.length / measured.seconds;
  const p50 = percentile(sorted, 0.5);
  const p99 = percentile(sorted, 0.99);
  const statuses = [...measured.statuses.entries()].map(([status, count]) => `${status}x${count}`).join(' ');
  console.log(
    `${name.padEnd(28)} ${rate.toFixed(0).padStart(7)} notifications/s   p50 ${p50.toFixed(2).padStart(7)} ms   p99 ${p99.toFixed(2).padStart(7)} ms   statuses ${statuses}`,
  );
  return { rate, p50, p99 };
}

async function startBareServer(): Promise<{ url: string; server: Server }> {
  // Reads the body, as any receiver must, and answers without doing anything with it.
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(202).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`, server };
}

async function main(): Promise<void> {
  const options = readOptions();
  const quiet = createLogger('bench-webhook', new Writable({ write: (_chunk, _encoding, callback) => callback() }));
  const bodies = burst(options);
  const alertsSent = bodies.length + Math.floor(options.notifications / GROUP_EVERY) * (GROUP_SIZE - 1);
  console.log(
    `Burst: ${options.notifications} notifications (${alertsSent} alerts; every ${GROUP_EVERY}th a group of ${GROUP_SIZE}) ` +
      `for ${options.tokens} distinct tokens, ${options.concurrency} in flight, over loopback.`,
  );

  const temporal = await startTemporal({ logger: quiet });
  const connection = await Connection.connect({ address: temporal.address });
  const bare = await startBareServer();
  try {
    const client = new Client({ connection, namespace: temporal.namespace });
    const taskQueue = `bench-webhook-${randomUUID()}`;
    const webhook = await startWebhookServer({ port: 0, starter: createRotationStarter(client, { taskQueue }), authToken: AUTH_TOKEN, logger: quiet });
    try {
      // Staging alerts are ignored by triage: they warm the HTTP path and JIT without starting anything.
      const warmUp = Array.from({ length: WARM_UP_REQUESTS }, (_, index) => JSON.stringify(notification([alert(index, 'staging')])));
      await send(`${webhook.url}/alerts`, warmUp, options.concurrency);
      await send(bare.url, warmUp, options.concurrency);

      const withTemporal = await send(`${webhook.url}/alerts`, bodies, options.concurrency);
      const nothing = await send(bare.url, bodies, options.concurrency);
      const real = summarise('webhook + Temporal', withTemporal);
      const baseline = summarise('bare http, 202, no work', nothing);
      const workflows = await client.workflow.count(`TaskQueue="${taskQueue}"`);
      const exact = withTemporal.started === options.tokens && workflows.count === options.tokens;
      console.log(
        `rotations started: ${withTemporal.started} by the webhook's answers, ${workflows.count} workflows on the task queue; ` +
          `expected ${options.tokens}: ${exact ? 'yes' : 'NO'}`,
      );
      console.log(
        `ratio webhook/bare: throughput ${(real.rate / baseline.rate).toFixed(3)}, p50 latency ${(real.p50 / baseline.p50).toFixed(1)}x, p99 latency ${(real.p99 / baseline.p99).toFixed(1)}x`,
      );
    } finally {
      await webhook.close();
    }
  } finally {
    await new Promise<void>((resolve) => bare.server.close(() => resolve()));
    await connection.close();
    await temporal.stop();
  }
}

await main();
