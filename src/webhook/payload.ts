/**
 * Alertmanager's webhook payload, version 4 (the only version Alertmanager has ever sent).
 * Unknown fields are dropped rather than refused, so a newer Alertmanager that adds a field
 * still gets its alerts handled. Labels are only required to be a string map here: which
 * labels an alert needs is a per-alert decision (decide-alert.ts), so one bad alert cannot
 * make Alertmanager retry a whole group forever.
 */
import { z } from 'zod';

const stringMap = z.record(z.string(), z.string());
const alertStatus = z.enum(['firing', 'resolved']);

export const alertSchema = z.object({
  status: alertStatus,
  labels: stringMap,
  annotations: stringMap,
  startsAt: z.string(),
  // Alertmanager sends "0001-01-01T00:00:00Z" for alerts with no end, so this is not a date check.
  endsAt: z.string(),
  generatorURL: z.string(),
  fingerprint: z.string(),
});

export const alertmanagerPayloadSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative(),
  status: alertStatus,
  receiver: z.string(),
  groupLabels: stringMap,
  commonLabels: stringMap,
  commonAnnotations: stringMap,
  externalURL: z.string(),
  alerts: z.array(alertSchema),
});

export type Alert = z.infer<typeof alertSchema>;
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;
