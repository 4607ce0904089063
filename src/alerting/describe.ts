/** The lines `npm start` prints about the alert pipeline: where it listens and what to expect. */
import type { AlertingInfo } from './stack-alerting.js';

export function describeAlerting(info: AlertingInfo | undefined): string[] {
  if (info === undefined) return [];
  if (info.status === 'off') return [`  Alerts            off: ${info.reason}`];
  return [
    `  Prometheus        ${info.prometheusUrl}/alerts (scrapes Signon as ${info.environment}, and a staging copy the webhook ignores)`,
    `  Alertmanager      ${info.alertmanagerUrl} (sends SignonApiUserTokenExpirySoon to the webhook)`,
    '  In a few seconds the expiring sandbox tokens fire alerts and the webhook starts their rotations:',
    '  watch them with `npm run cli -- list` or in the Web UI.',
  ];
}
