import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { AlertOutcome } from '../../src/webhook/receive.js';
import { expiryAlert, notification } from '../support/alertmanager-notification.js';
import { startHarness, type WebhookHarness } from '../support/webhook-harness.js';

const SHORT_URL_MANAGER_ID = 'rotate-production-short-url-manager@alphagov.co.uk-publishing-api';
const CONTENT_PUBLISHER_ID = 'rotate-production-content-publisher@alphagov.co.uk-publishing-api';

async function outcomesOf(response: Response): Promise<AlertOutcome[]> {
  return ((await response.json()) as { alerts: AlertOutcome[] }).alerts;
}

describe('POST /alerts when Temporal cannot be reached', () => {
  let harness: WebhookHarness;
  beforeEach(async () => {
    harness = await startHarness({ startTimeoutMs: 200 });
  });
  afterEach(async () => {
    await harness.close();
  });

  it('answers 503 so Alertmanager retries, still reporting every alert', async () => {
    harness.starter.unreachable = true;

    const response = await harness.post(notification([expiryAlert(), expiryAlert({ environment: 'staging' })]));

    expect(response.status).toBe(503);
    expect(await outcomesOf(response)).toEqual([
      expect.objectContaining({ index: 0, outcome: 'unavailable', workflowId: SHORT_URL_MANAGER_ID }),
      expect.objectContaining({ index: 1, outcome: 'ignored' }),
    ]);
    expect(harness.logs()).toContain('could not start a rotation from an alert');
  });

  it('answers 503 when one token of the group fails, and the resend starts only that one', async () => {
    const payload = notification([expiryAlert(), expiryAlert({ api_user: 'content-publisher@alphagov.co.uk' })]);
    harness.starter.unreachableFor.add(CONTENT_PUBLISHER_ID);

    const first = await harness.post(payload);

    expect(first.status).toBe(503);
    expect(await outcomesOf(first)).toEqual([
      expect.objectContaining({ outcome: 'started', workflowId: SHORT_URL_MANAGER_ID }),
      expect.objectContaining({ outcome: 'unavailable', workflowId: CONTENT_PUBLISHER_ID }),
    ]);

    harness.starter.unreachableFor.clear();
    const resend = await harness.post(payload);

    expect(resend.status).toBe(200);
    expect(await outcomesOf(resend)).toEqual([
      expect.objectContaining({ outcome: 'already-running', workflowId: SHORT_URL_MANAGER_ID }),
      expect.objectContaining({ outcome: 'started', workflowId: CONTENT_PUBLISHER_ID }),
    ]);
    expect(await harness.metrics()).toContain('signon_rotation_webhook_rotations_started_total 2');
  });

  it('answers 503 instead of waiting on a start that never settles', async () => {
    harness.starter.hang = true;

    const response = await harness.post(notification([expiryAlert()]));

    expect(response.status).toBe(503);
    expect(await outcomesOf(response)).toEqual([expect.objectContaining({ outcome: 'unavailable' })]);
  });
});
