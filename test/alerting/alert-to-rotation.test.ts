/**
 * The whole alert path on real processes: the sandbox Signon's gauge, scraped by a real
 * Prometheus evaluating GOV.UK's rules, sent to a real Alertmanager, delivered to the real
 * webhook, which starts the rotation on a real worker. A tap between Alertmanager and the
 * webhook records each notification and the webhook's answer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { findAlertingBinaries, INSTALL_HINT } from '../../src/alerting/binaries.js';
import { startAlertPipeline, type AlertPipeline } from '../../src/alerting/pipeline.js';
import { createLogger } from '../../src/log.js';
import { rotationWorkflowId } from '../../src/temporal/names.js';
import { startWebhookServer, type RunningWebhookServer } from '../../src/webhook/server.js';
import { approveSignal } from '../../workflows/messages.js';
import type { RotationResult } from '../../workflows/rotate-signon-token.js';
import { startAlertTap, type AlertTap, type TappedNotification } from '../support/alert-tap.js';
import { eventsOfType, tokenRows } from '../support/signon-inspection.js';
import { bundleRotationWorkflow, closeConnections, openRotationWorld, type RotationWorld } from '../support/rotation-world.js';
import { waitUntil } from '../support/wait-until.js';

const WEBHOOK_TOKEN = 'alert-pipeline-e2e-bearer-token';
const SHORT_URL = { apiUser: 'short-url-manager@alphagov.co.uk', application: 'publishing-api' };
const SHORT_URL_ID = rotationWorkflowId({ environment: 'production', ...SHORT_URL });
/** The webhook and the pipeline log every start; the assertions read the tap instead. */
const quietLogger = (name: string) => createLogger(name, new Writable({ write: (_chunk, _encoding, callback) => callback() }));
const TWO_YEARS_LESS_A_DAY_SECONDS = 729 * 24 * 60 * 60;

/** The fixture's other tokens under 14 days that the webhook hands to a workflow: external, disused, and
 * the Signon API client (recognisable only by its user name, so its workflow ignores it after preflight). */
const OTHER_STARTED_IDS = [
  rotationWorkflowId({ environment: 'production', apiUser: 'customs-guidance-publisher@hmrc.gov.uk', application: 'publishing-api' }),
  rotationWorkflowId({ environment: 'production', apiUser: 'specialist-publisher-rebuild@alphagov.co.uk', application: 'publishing-api' }),
  rotationWorkflowId({ environment: 'production', apiUser: 'signon+permissions@alphagov.co.uk', application: 'content-publisher' }),
];

interface Sighting {
  at: number;
  notification: TappedNotification;
  status: 'firing' | 'resolved';
  outcome: TappedNotification['outcomes'][number];
}

/** Every time the tap saw the given token's alert, in arrival order. */
function sightings(tap: AlertTap, environment: string, token = SHORT_URL): Sighting[] {
  return tap.notifications.flatMap((notification, at) =>
    notification.payload.alerts.flatMap((alert, index) => {
      const { labels } = alert;
      if (labels.environment !== environment || labels.api_user !== token.apiUser || labels.application !== token.application) return [];
      return [{ at, notification, status: alert.status, outcome: notification.outcomes[index]! }];
    }),
  );
}

describe('an expiring token alert, end to end', () => {
  let world: RotationWorld;
  let webhook: RunningWebhookServer;
  let tap: AlertTap;
  let pipeline: AlertPipeline;
  let dir: string;
  let result: RotationResult;
  /** Index of the notification that carried the resolution, and of the first after the rotation ended. */
  let resolvedAt: number;
  let completedAt: number;

  beforeAll(async () => {
    const binaries = findAlertingBinaries();
    if ('missing' in binaries) throw new Error(`${binaries.missing.join(', ')} not on PATH: ${INSTALL_HINT}`);
    await bundleRotationWorkflow();
    world = await openRotationWorld();
    webhook = await startWebhookServer({ port: 0, starter: world.starter, authToken: WEBHOOK_TOKEN, logger: quietLogger('e2e-webhook') });
    tap = await startAlertTap(`${webhook.url}/alerts`);
    dir = await mkdtemp(path.join(tmpdir(), 'alert-pipeline-'));
    pipeline = await startAlertPipeline({
      binaries,
      dir,
      signonUrl: world.sandbox.signon.url,
      webhookUrl: tap.url,
      webhookAuthToken: WEBHOOK_TOKEN,
      environment: 'production',
      stagingCopy: true,
      // A short repeat interval, so "nothing more happened" is seen on a later notification, not assumed.
      timing: { interval: '1s', for: '0s', groupWait: '1s', groupInterval: '1s', repeatInterval: '3s' },
      logger: quietLogger('e2e-alerting'),
    });

    await waitUntil(() => (sightings(tap, 'production').some((s) => s.outcome.outcome === 'started') ? true : undefined), 'the alert to start a rotation');
    const handle = world.client.workflow.getHandle(SHORT_URL_ID);
    await world.waitForStep(handle, 'awaitApproval');
    // The new token is the newest (max) series from createToken on, so the alert resolves while the
    // rotation waits for its approver, as it would while a person reads the summary.
    resolvedAt = await waitUntil(() => sightings(tap, 'production').find((s) => s.status === 'resolved')?.at, 'the alert to resolve');
    await handle.signal(approveSignal, { by: 'alice' });
    result = await handle.result();
    completedAt = tap.notifications.length;
    // Alertmanager keeps resending the production group (other tokens still fire): wait for one
    // more after the rotation ended, which is where a second rotation would have been started.
    await waitUntil(
      () => (tap.notifications.slice(completedAt).some((n) => n.payload.groupLabels.environment === 'production') ? true : undefined),
      'a production notification after the rotation ended',
    );
    await waitUntil(() => (sightings(tap, 'staging').length > 0 ? true : undefined), 'the staging copy to be delivered');
  });

  afterAll(async () => {
    await pipeline?.stop();
    await tap?.close();
    await webhook?.close();
    if (world) {
      // The external and disused rotations wait for a person; they must not outlive this file.
      for await (const execution of world.client.workflow.list({ query: `TaskQueue="${world.taskQueue}" AND ExecutionStatus="Running"` })) {
        await world.client.workflow.getHandle(execution.workflowId, execution.runId).terminate('test finished');
      }
      await world.close();
    }
    await closeConnections();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the webhook accepted every notification Alertmanager sent', () => {
    expect(tap.notifications.length).toBeGreaterThan(0);
    expect(tap.notifications.map((n) => n.status).filter((status) => status !== 200)).toEqual([]);
  });

  test('the production alert started exactly one rotation, and later copies attached to it', () => {
    const firing = sightings(tap, 'production').filter((s) => s.status === 'firing');
    expect(firing.map((s) => s.outcome.outcome).filter((outcome) => outcome === 'started')).toEqual(['started']);
    expect(firing[0]?.outcome).toMatchObject({ outcome: 'started', workflowId: SHORT_URL_ID });
    for (const later of firing.slice(1)) expect(later.outcome).toMatchObject({ outcome: 'already-running', workflowId: SHORT_URL_ID });
  });

  test('the staging copy of the same token fires too, and the webhook ignores it', () => {
    const staging = sightings(tap, 'staging');
    expect(staging.length).toBeGreaterThan(0);
    for (const sighting of staging) {
      expect(sighting.outcome.outcome).toBe('ignored');
      if (sighting.status === 'firing') expect(sighting.outcome).toMatchObject({ code: 'triage-ignore' });
    }
  });

  test('the rotation ends rotated, with one new token that expires in two years', async () => {
    expect(result.outcome).toBe('rotated');
    const rows = tokenRows(world.sandbox, SHORT_URL.apiUser, 'Publishing API');
    expect(eventsOfType(rows, 'token-created')).toEqual([result.newToken?.id]);
    const metrics = await (await fetch(`${world.sandbox.signon.url}/metrics`)).text();
    const line = metrics.split('\n').find((text) => text.includes(`api_user="${SHORT_URL.apiUser}"`) && text.includes('application="publishing-api"'));
    const expirySeconds = Number(line?.split(' ').at(-1));
    expect(expirySeconds - Date.now() / 1000).toBeGreaterThan(TWO_YEARS_LESS_A_DAY_SECONDS);
  });

  test('the alert resolved, and Alertmanager carried on after the rotation without starting another', () => {
    const production = sightings(tap, 'production');
    expect(production.find((s) => s.at === resolvedAt)?.outcome).toMatchObject({ outcome: 'ignored', code: 'resolved' });
    expect(production.filter((s) => s.at > resolvedAt && s.status === 'firing')).toEqual([]);
    const productionAfterRotation = tap.notifications.slice(completedAt).filter((n) => n.payload.groupLabels.environment === 'production');
    expect(productionAfterRotation.length).toBeGreaterThan(0);
    expect(production.filter((s) => s.outcome.outcome === 'started')).toHaveLength(1);
  });

  test('the task queue holds one run for the token, none for staging, and only the expected others', async () => {
    const runs: string[] = [];
    for await (const execution of world.client.workflow.list({ query: `TaskQueue="${world.taskQueue}"` })) runs.push(execution.workflowId);
    expect(runs.filter((id) => id === SHORT_URL_ID)).toHaveLength(1);
    expect(runs.filter((id) => id.startsWith('rotate-staging-'))).toEqual([]);
    expect([...new Set(runs)].sort()).toEqual([SHORT_URL_ID, ...OTHER_STARTED_IDS].sort());
  });

  test('Prometheus sees the new token in both copies and fires for neither', async () => {
    const selector = `{api_user="${SHORT_URL.apiUser}",application="${SHORT_URL.application}"}`;
    const query = await fetch(`${pipeline.prometheusUrl}/api/v1/query?query=${encodeURIComponent(`global:signon_api_user_token_expires_in_seconds${selector}`)}`);
    const series = ((await query.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data.result;
    expect(series.map((item) => item.metric.environment ?? 'production').sort()).toEqual(['production', 'staging']);
    for (const item of series) expect(Number(item.value[1])).toBeGreaterThan(TWO_YEARS_LESS_A_DAY_SECONDS);

    const alerts = await fetch(`${pipeline.prometheusUrl}/api/v1/alerts`);
    const active = ((await alerts.json()) as { data: { alerts: Array<{ labels: Record<string, string> }> } }).data.alerts;
    // Trade Tariff's token is still expiring (the webhook hands it to a person), so the list is not empty by accident.
    expect(active.some((alert) => alert.labels.api_user === 'trade-tariff-admin@trade-tariff.service.gov.uk')).toBe(true);
    expect(active.filter((alert) => alert.labels.api_user === SHORT_URL.apiUser)).toEqual([]);
  });
});
