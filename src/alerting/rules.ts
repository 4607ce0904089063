/**
 * GOV.UK's Signon token-expiry rules, with one deliberate difference: the recording rule also
 * keeps `environment`. GOV.UK runs one Prometheus per environment, whose series carry no
 * `environment` label (it is an external label, added to alerts on the way out), so keeping it
 * changes nothing there. Our single Prometheus also scrapes a staging copy, whose series are
 * relabelled `environment="staging"`; without the extra grouping label they would be merged into
 * production's and the staging alert could not exist.
 */
import { TOKEN_EXPIRY_GAUGE } from '../sandbox/signon/metrics.js';
import { EXPIRY_ALERT_NAME } from '../webhook/decide-alert.js';

export const EXPIRES_IN_RECORD = 'global:signon_api_user_token_expires_in_seconds';
/** 14 days: the runbook's threshold. */
export const EXPIRY_THRESHOLD_SECONDS = 1_209_600;

export interface RuleFile {
  groups: Array<{
    name: string;
    interval: string;
    rules: Array<
      | { record: string; expr: string }
      | { alert: string; expr: string; for: string; labels: Record<string, string>; annotations: Record<string, string> }
    >;
  }>;
}

export function signonTokenRules(options: { interval: string; for: string }): RuleFile {
  return {
    groups: [
      {
        name: 'signon-api-user-tokens',
        interval: options.interval,
        rules: [
          // max: during a rotation both tokens are live, and the newest one is what counts.
          { record: EXPIRES_IN_RECORD, expr: `max by (api_user, application, environment) (${TOKEN_EXPIRY_GAUGE}) - time()` },
          {
            alert: EXPIRY_ALERT_NAME,
            expr: `${EXPIRES_IN_RECORD} < ${EXPIRY_THRESHOLD_SECONDS}`,
            for: options.for,
            labels: { severity: 'warning' },
            annotations: {
              summary: 'Signon API user token for {{ $labels.api_user }} / {{ $labels.application }} expires soon',
              description: 'The newest live token expires within 14 days. The rotation webhook starts its rotation; see the runbook for tokens it hands to a person.',
            },
          },
        ],
      },
    ],
  };
}
