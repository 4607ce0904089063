import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { expiryAlert, notification } from '../support/alertmanager-notification.js';
import { startHarness, type WebhookHarness } from '../support/webhook-harness.js';

describe('GET /metrics and GET /healthz', () => {
  let harness: WebhookHarness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  it('counts notifications, alerts by outcome, rotations started, truncated alerts and request durations', async () => {
    const payload = notification(
      [
        expiryAlert(),
        expiryAlert(),
        expiryAlert({ environment: 'staging' }),
        expiryAlert({ application: '' }),
      ],
      { truncatedAlerts: 3 },
    );
    await harness.post(payload);
    await harness.post(notification([expiryAlert()]), { token: 'wrong' });

    const response = await fetch(`${harness.url}/metrics`);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('signon_rotation_webhook_notifications_total 1\n');
    expect(text).toContain('signon_rotation_webhook_alerts_total{outcome="started"} 1\n');
    expect(text).toContain('signon_rotation_webhook_alerts_total{outcome="already-running"} 1\n');
    expect(text).toContain('signon_rotation_webhook_alerts_total{outcome="ignored"} 1\n');
    expect(text).toContain('signon_rotation_webhook_alerts_total{outcome="rejected"} 1\n');
    expect(text).toContain('signon_rotation_webhook_alerts_total{outcome="unavailable"} 0\n');
    expect(text).toContain('signon_rotation_webhook_alerts_not_rotated_total{outcome="ignored",reason="triage-ignore"} 1\n');
    expect(text).toContain('signon_rotation_webhook_alerts_not_rotated_total{outcome="rejected",reason="missing-label"} 1\n');
    expect(text).toContain('signon_rotation_webhook_rotations_started_total 1\n');
    expect(text).toContain('signon_rotation_webhook_truncated_alerts_total 3\n');
    expect(text).toContain('signon_rotation_webhook_request_duration_seconds_count{route="/alerts",status_code="200"} 1\n');
    expect(text).toContain('signon_rotation_webhook_request_duration_seconds_count{route="/alerts",status_code="401"} 1\n');
    expect(harness.logs()).toContain('Alertmanager truncated the notification');
  });

  it('keeps the counters of two servers in one process apart', async () => {
    const other = await startHarness();
    try {
      await harness.post(notification([expiryAlert()]));

      expect(await harness.metrics()).toContain('signon_rotation_webhook_rotations_started_total 1\n');
      expect(await other.metrics()).toContain('signon_rotation_webhook_rotations_started_total 0\n');
    } finally {
      await other.close();
    }
  });

  it('answers /healthz without authentication', async () => {
    const response = await fetch(`${harness.url}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('startWebhookServer', () => {
  it('listens on 127.0.0.1 and stops listening on close()', async () => {
    const harness = await startHarness();

    expect(harness.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await harness.close();

    await expect(fetch(`${harness.url}/healthz`)).rejects.toThrow();
  });
});
