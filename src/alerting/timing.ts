/**
 * How fast the sandbox's alert pipeline runs. GOV.UK scrapes every minute, waits `for: 1h` and
 * lets Alertmanager wait 12h before the first message; here every wait is seconds, so a newcomer
 * sees an alert fire and a rotation start while `npm start` is still on screen.
 */
import { z } from 'zod';

/** A Prometheus/Alertmanager duration such as `2s`, `500ms` or `1h30m`. */
export const durationSchema = z
  .string()
  .regex(/^(\d+(ms|s|m|h|d|w|y))+$/, 'must be a Prometheus duration such as 2s, 5m or 1h');

export interface AlertTiming {
  /** Prometheus scrape interval and rule evaluation interval. */
  interval: string;
  /** How long the expiry must hold before the alert fires (GOV.UK: 1h). */
  for: string;
  /** Alertmanager: first notification of a new group. */
  groupWait: string;
  /** Alertmanager: next notification after a group changed (an alert joined or resolved). */
  groupInterval: string;
  /** Alertmanager: resend of an unchanged group; the webhook absorbs these as 'already-running'. */
  repeatInterval: string;
}

/** Alertmanager's side; Prometheus' interval and `for` come from configuration (ALERT_INTERVAL, ALERT_FOR). */
export const SANDBOX_NOTIFY_TIMING: Pick<AlertTiming, 'groupWait' | 'groupInterval' | 'repeatInterval'> = {
  groupWait: '1s',
  groupInterval: '2s',
  repeatInterval: '1m',
};
