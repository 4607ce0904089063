/** Builders for Alertmanager webhook v4 payloads, shaped like the ones Alertmanager sends. */
import type { Alert, AlertmanagerPayload } from '../../src/webhook/payload.js';

export function expiryAlert(labels: Record<string, string> = {}, overrides: Partial<Alert> = {}): Alert {
  const allLabels = {
    alertname: 'SignonApiUserTokenExpirySoon',
    severity: 'warning',
    environment: 'production',
    api_user: 'short-url-manager@alphagov.co.uk',
    application: 'publishing-api',
    ...labels,
  };
  return {
    status: 'firing',
    labels: allLabels,
    annotations: { summary: 'Signon API user token expires in under 14 days' },
    startsAt: '2025-11-03T09:00:00.000Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example/graph?g0.expr=global%3Asignon_api_user_token_expires_in_seconds',
    fingerprint: `fp-${allLabels.environment}-${allLabels.api_user}-${allLabels.application}`,
    ...overrides,
  };
}

export function notification(alerts: Alert[], overrides: Partial<AlertmanagerPayload> = {}): AlertmanagerPayload {
  return {
    version: '4',
    groupKey: '{}:{alertname="SignonApiUserTokenExpirySoon"}',
    truncatedAlerts: 0,
    status: alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'signon-token-rotation',
    groupLabels: { alertname: 'SignonApiUserTokenExpirySoon' },
    commonLabels: { alertname: 'SignonApiUserTokenExpirySoon', severity: 'warning' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example',
    alerts,
    ...overrides,
  };
}
