/**
 * The sandbox Alertmanager: everything goes nowhere except SignonApiUserTokenExpirySoon, which
 * goes to the rotation webhook with a bearer token read from a file, resolved alerts included.
 * Grouped by environment so staging's copy travels in its own notifications, as it would from
 * staging's own Alertmanager; the webhook ignores it (triage), which the sandbox shows.
 */
import { EXPIRY_ALERT_NAME } from '../webhook/decide-alert.js';
import type { AlertTiming } from './timing.js';

export const WEBHOOK_RECEIVER = 'signon-token-rotation';

export interface AlertmanagerConfigOptions {
  /** The webhook's POST URL, e.g. http://127.0.0.1:8787/alerts. */
  webhookUrl: string;
  /** File holding the webhook's bearer token (Alertmanager reads it on every send). */
  credentialsFile: string;
  timing: Pick<AlertTiming, 'groupWait' | 'groupInterval' | 'repeatInterval'>;
}

export interface AlertmanagerConfig {
  route: {
    receiver: string;
    group_by: string[];
    group_wait: string;
    group_interval: string;
    repeat_interval: string;
    routes: Array<{ matchers: string[]; receiver: string }>;
  };
  receivers: Array<{
    name: string;
    webhook_configs?: Array<{
      url: string;
      send_resolved: boolean;
      http_config: { authorization: { type: 'Bearer'; credentials_file: string } };
    }>;
  }>;
}

export function alertmanagerConfig(options: AlertmanagerConfigOptions): AlertmanagerConfig {
  return {
    route: {
      // Alerts nobody asked for are dropped, as GOV.UK's root route does.
      receiver: 'null',
      group_by: ['alertname', 'environment'],
      group_wait: options.timing.groupWait,
      group_interval: options.timing.groupInterval,
      repeat_interval: options.timing.repeatInterval,
      routes: [{ matchers: [`alertname="${EXPIRY_ALERT_NAME}"`], receiver: WEBHOOK_RECEIVER }],
    },
    receivers: [
      { name: 'null' },
      {
        name: WEBHOOK_RECEIVER,
        webhook_configs: [
          {
            url: options.webhookUrl,
            send_resolved: true,
            http_config: { authorization: { type: 'Bearer', credentials_file: options.credentialsFile } },
          },
        ],
      },
    ],
  };
}
