/**
 * What one alert of a notification asks for: a rotation, nothing (with the reason), or a
 * refusal naming the label that is wrong. Pure, so every rule is testable without a server.
 * The runbook's rules are not repeated here: they are `triage()`, the same function the
 * workflow runs first.
 */
import { triage } from '../../workflows/triage.js';
import { ENVIRONMENTS, rotationInputSchema, type RotationInput } from '../../workflows/types.js';
import type { Alert } from './payload.js';

export const EXPIRY_ALERT_NAME = 'SignonApiUserTokenExpirySoon';

/** Few, fixed values, so they can label a Prometheus series without growing its cardinality. */
export type NotRotatedCode =
  | 'resolved'
  | 'unknown-alertname'
  | 'triage-ignore'
  | 'triage-hand-to-person'
  | 'missing-label'
  | 'unknown-environment'
  | 'invalid-label';

export type AlertDecision =
  | { kind: 'rotate'; input: RotationInput }
  | { kind: 'ignored' | 'rejected'; code: NotRotatedCode; reason: string };

const TOKEN_LABELS = ['environment', 'api_user', 'application'] as const;

/** The rotation input's fields, by the alert label each one comes from, for naming a bad label. */
const LABEL_OF_FIELD: Record<string, string> = { environment: 'environment', apiUser: 'api_user', application: 'application' };

function isEnvironment(value: string): value is (typeof ENVIRONMENTS)[number] {
  return (ENVIRONMENTS as readonly string[]).includes(value);
}

/** Prometheus treats an empty label value as an absent label, so this does too. */
function missingLabels(labels: Record<string, string>, names: readonly string[]): string[] {
  return names.filter((name) => !labels[name]);
}

function rejectMissing(names: string[]): AlertDecision {
  return { kind: 'rejected', code: 'missing-label', reason: `missing label${names.length > 1 ? 's' : ''}: ${names.join(', ')}` };
}

export function decideAlert(alert: Pick<Alert, 'status' | 'labels'>): AlertDecision {
  const { labels } = alert;
  // A resolved alert needs nothing, whatever labels it carries.
  if (alert.status === 'resolved') {
    return { kind: 'ignored', code: 'resolved', reason: 'resolved: the token no longer expires soon' };
  }
  if (!labels.alertname) return rejectMissing(missingLabels(labels, ['alertname', ...TOKEN_LABELS]));
  // Another alert routed here by mistake is not this receiver's business, so it is not judged on our labels.
  if (labels.alertname !== EXPIRY_ALERT_NAME) {
    return { kind: 'ignored', code: 'unknown-alertname', reason: `alertname ${labels.alertname} is not ${EXPIRY_ALERT_NAME}` };
  }
  const missing = missingLabels(labels, TOKEN_LABELS);
  if (missing.length > 0) return rejectMissing(missing);
  const environment = labels.environment ?? '';
  const apiUser = labels.api_user ?? '';
  const application = labels.application ?? '';
  if (!isEnvironment(environment)) {
    return {
      kind: 'rejected',
      code: 'unknown-environment',
      reason: `label environment: "${environment}" is not one of ${ENVIRONMENTS.join(', ')}`,
    };
  }

  const decision = triage({ environment, apiUser, application });
  if (decision.action === 'ignore') return { kind: 'ignored', code: 'triage-ignore', reason: decision.reason };
  if (decision.action === 'hand-to-person') {
    return { kind: 'ignored', code: 'triage-hand-to-person', reason: `for a person: ${decision.reason}` };
  }

  const input: RotationInput = { environment, apiUser, application, trigger: 'alertmanager' };
  // The starter validates too, but only here can a bad value be named by its alert label.
  const parsed = rotationInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    return { kind: 'rejected', code: 'invalid-label', reason: `label ${LABEL_OF_FIELD[field] ?? field}: ${issue?.message ?? 'invalid'}` };
  }
  return { kind: 'rotate', input };
}
