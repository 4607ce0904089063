/**
 * Over 1,000 generated malformed or hostile inputs: to the alert webhook, the codec server and
 * the CLI's parser. Every one must end in a 4xx or a clear parse error; nothing crashes, and
 * no rotation is started.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CommanderError } from 'commander';
import { buildProgram, type CliActions } from '../../src/cli/program.js';
import { expiryAlert, notification } from '../support/alertmanager-notification.js';
import { CODEC_SERVER_TOKEN, encryptedWirePayload, startCodecHarness, UI_ORIGIN, type CodecServerHarness } from '../support/codec-server-harness.js';
import { seededRandom, type Random } from '../support/fuzz.js';
import { startHarness, WEBHOOK_TOKEN, type WebhookHarness } from '../support/webhook-harness.js';

const CASES_PER_TARGET = 400;
const is4xx = (status: number) => status >= 400 && status < 500;

/** Values of the wrong type for each kind of field in the Alertmanager payload. */
const WRONG = {
  string: [null, 123, true, [], {}],
  map: [null, 'labels', 1, ['a'], { key: 1 }],
  array: [null, 'alerts', {}, 1],
  count: [-1, 1.5, '1', null],
  status: ['FIRING', '', null, 1],
} as const;
const NOTIFICATION_FIELDS: Array<[string, keyof typeof WRONG]> = [
  ['version', 'status'], ['groupKey', 'string'], ['truncatedAlerts', 'count'], ['status', 'status'], ['receiver', 'string'],
  ['groupLabels', 'map'], ['commonLabels', 'map'], ['commonAnnotations', 'map'], ['externalURL', 'string'], ['alerts', 'array'],
];
const ALERT_FIELDS: Array<[string, keyof typeof WRONG]> = [
  ['status', 'status'], ['labels', 'map'], ['annotations', 'map'], ['startsAt', 'string'], ['endsAt', 'string'],
  ['generatorURL', 'string'], ['fingerprint', 'string'],
];

interface HttpCase {
  body: string | Buffer;
  headers: Record<string, string>;
}

function webhookCase(random: Random): HttpCase {
  const json = { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` };
  const payload = notification([expiryAlert({ api_user: `${random.string(8, 'abcdefgh')}@alphagov.co.uk` })]) as unknown as Record<string, unknown>;
  switch (random.int(7)) {
    case 0:
      return { body: random.bytes(200), headers: json };
    case 1:
      return { body: JSON.stringify(random.pick([null, 0, random.hostile(), [random.hostile()], { version: random.hostile() }])), headers: json };
    case 2: {
      const [field, kind] = random.pick(NOTIFICATION_FIELDS);
      return { body: JSON.stringify({ ...payload, [field]: random.pick(WRONG[kind]) }), headers: json };
    }
    case 3: {
      const [field, kind] = random.pick(ALERT_FIELDS);
      const alert = { ...(payload.alerts as Record<string, unknown>[])[0], [field]: random.pick(WRONG[kind]) };
      return { body: JSON.stringify({ ...payload, alerts: [alert] }), headers: json };
    }
    case 4: {
      const { [random.pick(NOTIFICATION_FIELDS)[0]]: _dropped, ...rest } = payload;
      return { body: JSON.stringify(rest), headers: json };
    }
    case 5:
      // A good payload under a wrong or missing credential.
      return { body: JSON.stringify(payload), headers: { 'content-type': 'application/json', authorization: random.pick(['', 'Bearer', `Basic ${WEBHOOK_TOKEN}`, `Bearer ${random.string(40)}`]) } };
    default:
      return { body: random.pick(['{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', `{"version":"4"${','.repeat(random.int(5))}`]), headers: json };
  }
}

async function codecCase(random: Random): Promise<HttpCase & { route: string }> {
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${CODEC_SERVER_TOKEN}`, origin: UI_ORIGIN };
  const route = random.pick(['/decode', '/encode']);
  const good = await encryptedWirePayload({ n: random.int(1000) });
  switch (random.int(7)) {
    case 0:
      return { route, body: JSON.stringify({ payloads: [good] }), headers: { 'content-type': 'application/json', origin: UI_ORIGIN } };
    case 1:
      return { route, body: JSON.stringify({ payloads: [good] }), headers: { ...auth, origin: random.pick(['http://evil.example', 'null', `http://127.0.0.1:${random.int(65536)}`, random.string(30)]) } };
    case 2:
      return { route, body: random.bytes(300), headers: auth };
    case 3:
      return { route, body: JSON.stringify(random.pick([null, [], random.hostile(), { payloads: random.hostile() }, { payloads: [1, 'x'] }])), headers: auth };
    case 4:
      return { route, body: JSON.stringify({ payloads: [{ metadata: { encoding: random.hostile() }, data: random.hostile() }] }), headers: auth };
    case 5: {
      // Encrypted-looking payloads the key cannot open: altered, truncated, unknown key, no key id.
      const data = Buffer.from(good.data, 'base64');
      const at = random.int(data.length);
      data[at] = data[at]! ^ (1 + random.int(255));
      const metadata = random.pick([
        good.metadata,
        { ...good.metadata, 'encryption-key-id': Buffer.from(random.string(10)).toString('base64') },
        { encoding: good.metadata.encoding! },
      ]);
      const tampered = random.pick([data, data.subarray(0, random.int(28)), random.bytes(60)]);
      return { route: '/decode', body: JSON.stringify({ payloads: [{ metadata, data: tampered.toString('base64') }] }), headers: auth };
    }
    default:
      return { route, body: JSON.stringify({ payloads: [good] }), headers: { ...auth, authorization: random.pick(['', 'Bearer', `Bearer ${random.string(40)}`]), cookie: `codec_session=${random.string(64, '0123456789abcdef')}` } };
  }
}

function cliCase(random: Random): string[] {
  const hostile = () => random.hostile();
  const email = () => `${random.string(10, 'abc')}@alphagov.co.uk`;
  const withoutAt = () => hostile().replace(/@/g, '') || 'not-an-email';
  const blank = () => random.pick(['', ' ', '\t', '   ']);
  switch (random.int(10)) {
    case 0:
      return ['start', '--environment', random.pick(['prod', 'PRODUCTION', '', hostile()]), '--api-user', email(), '--application', 'publishing-api'];
    case 1:
      return ['start', '--environment', 'production', '--api-user', withoutAt(), '--application', 'publishing-api'];
    case 2: {
      const args = ['start', '--environment', 'integration', '--api-user', email(), '--application', 'publishing-api'];
      const drop = 1 + 2 * random.int(3);
      return [...args.slice(0, drop), ...args.slice(drop + 2)];
    }
    case 3:
      return ['approve', hostile() || 'id', '--by', blank()];
    case 4:
      return ['approve', '--by', hostile() || 'x'];
    case 5:
      return [`x${random.string(12, 'abcdefghijklmnopqrstuvwxyz-')}`, hostile()];
    case 6:
      return ['list', `--${random.string(10, 'abcdefghijklmnopqrstuvwxyz') || 'bogus'}x`, hostile()];
    case 7:
      return ['choose', 'id', '--by', 'alice', '--action', random.pick(['revoke', 'ROTATE', '', hostile()])];
    case 8:
      return ['handover-token', hostile() || 'id'];
    default:
      return ['start', '--environment', 'production', '--api-user', email(), '--application', blank()];
  }
}

describe('fuzzing the product\'s inputs', () => {
  let webhook: WebhookHarness;
  let codecServer: CodecServerHarness;

  beforeAll(async () => {
    webhook = await startHarness();
    codecServer = await startCodecHarness();
  });
  afterAll(async () => {
    await webhook?.close();
    await codecServer?.close();
  });

  test(`the webhook answers ${CASES_PER_TARGET} malformed or hostile requests with 4xx and starts nothing`, async () => {
    const random = seededRandom(4001);
    const statuses = new Map<number, number>();
    for (let n = 0; n < CASES_PER_TARGET; n += 1) {
      const input = webhookCase(random);
      const response = await fetch(`${webhook.url}/alerts`, { method: 'POST', headers: input.headers, body: input.body });
      await response.arrayBuffer();
      if (!is4xx(response.status)) throw new Error(`case ${n} got ${response.status}: ${String(input.body).slice(0, 200)}`);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    expect(webhook.starter.calls).toEqual([]);
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 401]));
    expect(webhook.logs()).not.toContain('webhook request failed');
    expect((await fetch(`${webhook.url}/healthz`)).status).toBe(200);
  });

  test(`the codec server answers ${CASES_PER_TARGET} malformed, unauthorised or foreign requests with 4xx`, async () => {
    const random = seededRandom(4002);
    const statuses = new Map<number, number>();
    for (let n = 0; n < CASES_PER_TARGET; n += 1) {
      const input = await codecCase(random);
      const response = await fetch(`${codecServer.url}${input.route}`, { method: 'POST', headers: input.headers, body: input.body });
      await response.arrayBuffer();
      if (!is4xx(response.status)) throw new Error(`case ${n} got ${response.status}: ${String(input.body).slice(0, 200)}`);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 401, 403]));
    expect(codecServer.logs()).not.toContain('codec server request failed');
    expect((await fetch(`${codecServer.url}/healthz`)).status).toBe(200);
  });

  test(`the CLI parser refuses ${CASES_PER_TARGET} malformed command lines with a clear error and calls nothing`, async () => {
    const random = seededRandom(4003);
    const called: string[] = [];
    const actions = new Proxy({} as CliActions, {
      get: (_target, name) => async () => {
        called.push(String(name));
      },
    });
    const errors: string[] = [];
    for (let n = 0; n < CASES_PER_TARGET; n += 1) {
      const argv = cliCase(random);
      const program = buildProgram(async () => actions);
      for (const command of [program, ...program.commands]) command.configureOutput({ writeErr: (text) => errors.push(text), writeOut: () => undefined });
      const error = await program.parseAsync(argv, { from: 'user' }).then(() => undefined, (caught: unknown) => caught);
      if (!(error instanceof CommanderError) || error.exitCode === 0) throw new Error(`case ${n} was not refused: ${JSON.stringify(argv).slice(0, 200)}`);
      expect(error.message).toMatch(/^error: /);
    }
    expect(called).toEqual([]);
    expect(errors.length).toBeGreaterThanOrEqual(CASES_PER_TARGET);
  });
});
