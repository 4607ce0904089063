/**
 * The receiver's Prometheus metrics, on a registry of its own (not prom-client's global one),
 * so several servers can live in one process, as the tests and the benchmark need.
 */
import { Counter, Histogram, Registry } from 'prom-client';
import type { NotRotatedCode } from './decide-alert.js';
import type { AlertOutcome } from './receive.js';

export interface WebhookMetrics {
  registry: Registry;
  recordNotification(truncatedAlerts: number): void;
  recordOutcomes(outcomes: readonly AlertOutcome[]): void;
  observeRequest(route: string, statusCode: number, seconds: number): void;
}

const OUTCOMES: readonly AlertOutcome['outcome'][] = ['started', 'already-running', 'ignored', 'rejected', 'unavailable'];

export function createWebhookMetrics(registry: Registry = new Registry()): WebhookMetrics {
  const notifications = new Counter({
    name: 'signon_rotation_webhook_notifications_total',
    help: 'Alertmanager notifications that passed authentication and schema validation.',
    registers: [registry],
  });
  const alerts = new Counter({
    name: 'signon_rotation_webhook_alerts_total',
    help: 'Alerts received, by what the receiver did with each.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const notRotated = new Counter({
    name: 'signon_rotation_webhook_alerts_not_rotated_total',
    help: 'Alerts ignored or rejected, by reason code.',
    labelNames: ['outcome', 'reason'] as const,
    registers: [registry],
  });
  const rotationsStarted = new Counter({
    name: 'signon_rotation_webhook_rotations_started_total',
    help: 'Rotation workflows this receiver started (attaching to a running one does not count).',
    registers: [registry],
  });
  const truncatedAlerts = new Counter({
    name: 'signon_rotation_webhook_truncated_alerts_total',
    help: 'Alerts Alertmanager left out of notifications (truncatedAlerts): they were never seen here.',
    registers: [registry],
  });
  const requestDuration = new Histogram({
    name: 'signon_rotation_webhook_request_duration_seconds',
    help: 'Time from request received to response sent, by route and status code.',
    labelNames: ['route', 'status_code'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Every outcome is exported from the start, so rate() and alerts on "rejected" see a zero, not a gap.
  for (const outcome of OUTCOMES) alerts.inc({ outcome }, 0);
  notifications.inc(0);
  rotationsStarted.inc(0);
  truncatedAlerts.inc(0);

  return {
    registry,
    recordNotification(truncated) {
      notifications.inc();
      if (truncated > 0) truncatedAlerts.inc(truncated);
    },
    recordOutcomes(outcomes) {
      for (const item of outcomes) {
        alerts.inc({ outcome: item.outcome });
        if (item.outcome === 'started') rotationsStarted.inc();
        if (item.outcome === 'ignored' || item.outcome === 'rejected') {
          notRotated.inc({ outcome: item.outcome, reason: item.code satisfies NotRotatedCode });
        }
      }
    },
    observeRequest(route, statusCode, seconds) {
      requestDuration.observe({ route, status_code: String(statusCode) }, seconds);
    },
  };
}
