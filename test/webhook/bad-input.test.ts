import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { expiryAlert, notification } from '../support/alertmanager-notification.js';
import { startHarness, WEBHOOK_TOKEN, type WebhookHarness } from '../support/webhook-harness.js';

interface ErrorBody {
  error: string;
  issues?: { path: string; message: string }[];
}

describe('POST /alerts: bad requests change nothing', () => {
  let harness: WebhookHarness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    expect(harness.starter.calls).toEqual([]);
    await harness.close();
  });

  it('refuses a request without a bearer token with 401', async () => {
    const response = await harness.post(notification([expiryAlert()]), { token: null });

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it.each([
    ['a wrong token', 'Bearer not-the-webhook-token'],
    ['the right token with a suffix', `Bearer ${WEBHOOK_TOKEN}x`],
    ['a prefix of the right token', `Bearer ${WEBHOOK_TOKEN.slice(0, -1)}`],
    ['the right token under another scheme', `Basic ${WEBHOOK_TOKEN}`],
  ])('refuses %s with 401', async (_name, authorization) => {
    const response = await harness.post(notification([expiryAlert()]), { authorization });

    expect(response.status).toBe(401);
  });

  it('refuses an unauthenticated caller before reading its body', async () => {
    const response = await harness.post('x'.repeat(2 * 1024 * 1024), { token: null });

    expect(response.status).toBe(401);
  });

  it('never logs the bearer token, right or wrong', async () => {
    const wrongToken = 'a-wrong-token-also-lowercase-only';
    await harness.post(notification([expiryAlert()]), { token: wrongToken });
    await harness.post('{"not": "a payload"}');

    expect(harness.logs()).toContain('missing or wrong bearer token');
    expect(harness.logs()).not.toContain(WEBHOOK_TOKEN);
    expect(harness.logs()).not.toContain(wrongToken);
  });

  it('refuses a body over the 1 MiB default with 413', async () => {
    const alert = expiryAlert({}, { annotations: { description: 'x'.repeat(1024 * 1024) } });

    const response = await harness.post(notification([alert]));

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'payload too large', limitBytes: 1024 * 1024 });
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await harness.post('{"version": "4", "alerts": [');

    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error).toBe('invalid request body');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await harness.post('version=4', { contentType: 'application/x-www-form-urlencoded' });

    expect(response.status).toBe(415);
  });

  it('refuses a text/plain body with 400: Fastify reads it as a string, which the schema refuses', async () => {
    const response = await harness.post(JSON.stringify(notification([expiryAlert()])), { contentType: 'text/plain' });

    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toBe('invalid payload');
    expect(body.issues?.map((issue) => issue.path)).toEqual(['(root)']);
  });

  it('refuses a payload that breaks the schema with 400, naming the field path', async () => {
    const payload = notification([expiryAlert()]);
    const broken = { ...payload, alerts: [{ ...payload.alerts[0], labels: 'api_user=someone' }] };

    const response = await harness.post(broken);

    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toBe('invalid payload');
    expect(body.issues).toEqual([{ path: 'alerts.0.labels', message: expect.any(String) }]);
  });

  it('names every broken field, top-level ones included', async () => {
    const { groupKey: _dropped, ...withoutGroupKey } = notification([expiryAlert()]);

    const response = await harness.post({ ...withoutGroupKey, version: '3', truncatedAlerts: -1 });

    expect(response.status).toBe(400);
    const paths = ((await response.json()) as ErrorBody).issues?.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['version', 'groupKey', 'truncatedAlerts']));
  });

  it('refuses a JSON value that is not an object, naming the root', async () => {
    const response = await harness.post('[]');

    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).issues).toEqual([{ path: '(root)', message: expect.any(String) }]);
  });
});

describe('POST /alerts with a smaller body limit', () => {
  it('refuses a body over the configured limit with 413', async () => {
    const harness = await startHarness({ bodyLimitBytes: 2048 });
    try {
      const alerts = Array.from({ length: 20 }, (_, n) => expiryAlert({ api_user: `user-${n}@example.gov.uk` }));

      const response = await harness.post(notification(alerts));

      expect(response.status).toBe(413);
      expect(harness.starter.calls).toEqual([]);
    } finally {
      await harness.close();
    }
  });
});
