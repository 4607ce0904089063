import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { AlertOutcome } from '../../src/webhook/receive.js';
import { expiryAlert, notification } from '../support/alertmanager-notification.js';
import { startHarness, type WebhookHarness } from '../support/webhook-harness.js';

const SHORT_URL_MANAGER_ID = 'rotate-production-short-url-manager@alphagov.co.uk-publishing-api';

async function outcomesOf(response: Response): Promise<AlertOutcome[]> {
  return ((await response.json()) as { alerts: AlertOutcome[] }).alerts;
}

describe('POST /alerts: what happens to each alert', () => {
  let harness: WebhookHarness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  it('starts a rotation for a firing expiry alert, with the token named by its labels', async () => {
    const alert = expiryAlert();
    const response = await harness.post(notification([alert]));

    expect(response.status).toBe(200);
    expect(await outcomesOf(response)).toEqual([
      { index: 0, fingerprint: alert.fingerprint, outcome: 'started', workflowId: SHORT_URL_MANAGER_ID },
    ]);
    expect(harness.starter.calls).toEqual([
      {
        input: {
          environment: 'production',
          apiUser: 'short-url-manager@alphagov.co.uk',
          application: 'publishing-api',
          trigger: 'alertmanager',
        },
        workflowId: SHORT_URL_MANAGER_ID,
      },
    ]);
  });

  it('attaches to a rotation already running for the token instead of starting another', async () => {
    harness.starter.markRunning(SHORT_URL_MANAGER_ID);

    const response = await harness.post(notification([expiryAlert()]));

    expect(response.status).toBe(200);
    expect(await outcomesOf(response)).toEqual([
      expect.objectContaining({ outcome: 'already-running', workflowId: SHORT_URL_MANAGER_ID }),
    ]);
  });

  it('ignores staging, Trade Tariff, the self-rotating Signon API client, other alerts and resolved ones, saying why', async () => {
    const response = await harness.post(
      notification([
        expiryAlert({ environment: 'staging' }),
        expiryAlert({ application: 'trade-tariff-admin' }),
        expiryAlert({ application: 'signon-api-client-permission-and-suspension-updater' }),
        expiryAlert({ alertname: 'SignonDown' }),
        expiryAlert({}, { status: 'resolved' }),
      ]),
    );

    expect(response.status).toBe(200);
    const outcomes = await outcomesOf(response);
    expect(outcomes.map((item) => item.outcome)).toEqual(['ignored', 'ignored', 'ignored', 'ignored', 'ignored']);
    expect(outcomes).toEqual([
      expect.objectContaining({ index: 0, code: 'triage-ignore', reason: expect.stringContaining('staging') }),
      expect.objectContaining({ index: 1, code: 'triage-hand-to-person', reason: expect.stringContaining('Trade Tariff') }),
      expect.objectContaining({ index: 2, code: 'triage-ignore', reason: expect.stringContaining('rotates its own token') }),
      expect.objectContaining({ index: 3, code: 'unknown-alertname', reason: expect.stringContaining('SignonDown') }),
      expect.objectContaining({ index: 4, code: 'resolved', reason: expect.stringContaining('resolved') }),
    ]);
    expect(harness.starter.calls).toEqual([]);
  });

  it('rejects an alert with a missing or bad label, naming it, and still handles the rest of the group', async () => {
    const good = expiryAlert();
    const noApiUser = expiryAlert({ api_user: '' });
    delete noApiUser.labels.api_user;
    const noEnvironmentOrApplication = expiryAlert({ environment: '', application: '' });
    const unknownEnvironment = expiryAlert({ environment: 'prod' });
    const notAnEmail = expiryAlert({ api_user: 'short-url-manager' });

    const response = await harness.post(
      notification([noApiUser, good, noEnvironmentOrApplication, unknownEnvironment, notAnEmail]),
    );

    expect(response.status).toBe(200);
    expect(await outcomesOf(response)).toEqual([
      expect.objectContaining({ index: 0, outcome: 'rejected', code: 'missing-label', reason: 'missing label: api_user' }),
      expect.objectContaining({ index: 1, outcome: 'started', workflowId: SHORT_URL_MANAGER_ID }),
      expect.objectContaining({
        index: 2,
        outcome: 'rejected',
        code: 'missing-label',
        reason: 'missing labels: environment, application',
      }),
      expect.objectContaining({
        index: 3,
        outcome: 'rejected',
        code: 'unknown-environment',
        reason: expect.stringMatching(/^label environment: "prod"/),
      }),
      expect.objectContaining({
        index: 4,
        outcome: 'rejected',
        code: 'invalid-label',
        reason: expect.stringMatching(/^label api_user: /),
      }),
    ]);
    expect(harness.starter.calls.map((call) => call.workflowId)).toEqual([SHORT_URL_MANAGER_ID]);
  });

  it('starts once for the same token listed twice in one group, and reports both alerts', async () => {
    const first = expiryAlert();
    const copy = expiryAlert({}, { fingerprint: 'another-fingerprint' });
    const other = expiryAlert({ api_user: 'content-publisher@alphagov.co.uk' });

    const response = await harness.post(notification([first, copy, other]));

    expect(response.status).toBe(200);
    expect(await outcomesOf(response)).toEqual([
      { index: 0, fingerprint: first.fingerprint, outcome: 'started', workflowId: SHORT_URL_MANAGER_ID },
      { index: 1, fingerprint: 'another-fingerprint', outcome: 'already-running', workflowId: SHORT_URL_MANAGER_ID },
      expect.objectContaining({ index: 2, outcome: 'started' }),
    ]);
    expect(harness.starter.calls.filter((call) => call.workflowId === SHORT_URL_MANAGER_ID)).toHaveLength(1);
  });

  it('starts exactly one rotation when an HA pair delivers the same notification twice at once', async () => {
    const payload = notification([expiryAlert()]);

    const responses = await Promise.all([harness.post(payload), harness.post(payload)]);

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    const outcomes = (await Promise.all(responses.map(outcomesOf))).flat();
    expect(outcomes.map((item) => item.outcome).sort()).toEqual(['already-running', 'started']);
    expect(harness.starter.calls.map((call) => call.workflowId)).toEqual([SHORT_URL_MANAGER_ID, SHORT_URL_MANAGER_ID]);
  });

  it('answers an empty group with an empty list', async () => {
    const response = await harness.post(notification([]));

    expect(response.status).toBe(200);
    expect(await outcomesOf(response)).toEqual([]);
  });
});
