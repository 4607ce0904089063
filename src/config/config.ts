/**
 * All configuration comes from the environment, validated once with zod so a mistake is
 * reported by variable name before anything starts. Unset means "the sandbox": the product
 * runs against GOV.UK in a box until real systems are configured.
 */
import { z } from 'zod';
import { TASK_QUEUE } from '../temporal/names.js';
import { durationSchema } from '../alerting/timing.js';
import { ENVIRONMENTS } from '../../workflows/types.js';

const csv = z
  .string()
  .transform((text) => text.split(',').map((item) => item.trim()).filter((item) => item.length > 0));

const port = z.coerce.number().int().min(0).max(65535);

const configSchema = z.object({
  ROTATION_MODE: z.enum(['sandbox', 'production']).default('sandbox'),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(TASK_QUEUE),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  DATA_DIR: z.string().min(1).default('.data'),
  WEBHOOK_HOST: z.string().min(1).default('127.0.0.1'),
  WEBHOOK_PORT: port.default(8787),
  WEBHOOK_AUTH_TOKEN: z.string().min(16, 'WEBHOOK_AUTH_TOKEN must be at least 16 characters').optional(),
  SANDBOX_SIGNON_PORT: port.default(3100),
  SANDBOX_PUBLISHING_API_PORT: port.default(3101),
  SANDBOX_KUBERNETES_PORT: port.default(3102),
  // The sandbox's alert pipeline (src/alerting), run when Prometheus and Alertmanager are installed.
  ALERTING: z.enum(['auto', 'off']).default('auto'),
  /** Prometheus' external label, as each GOV.UK environment's Prometheus sets it. */
  ALERT_ENVIRONMENT: z.enum(ENVIRONMENTS).default('production'),
  PROMETHEUS_PORT: port.default(9090),
  ALERTMANAGER_PORT: port.default(9093),
  /** Scrape and rule evaluation interval (GOV.UK: about a minute). */
  ALERT_INTERVAL: durationSchema.default('2s'),
  /** The alert's `for` (GOV.UK: 1h). */
  ALERT_FOR: durationSchema.default('5s'),
  FINGERPRINT_KEY: z.string().min(16, 'FINGERPRINT_KEY must be at least 16 characters').optional(),
  KUBERNETES_NAMESPACE: z.string().min(1).default('apps'),
  SYNC_CRONJOB_NAME: z.string().min(1).default('signon-sync-token-secrets-to-k8s'),
  INTERNAL_EMAIL_DOMAINS: csv.default(['alphagov.co.uk', 'publishing.service.gov.uk']),
  FRESH_FOR_DAYS: z.coerce.number().positive().default(14),
  DISUSED_AFTER_DAYS: z.coerce.number().positive().default(90),
  /** JSON object: parameterized server app name -> base URL, e.g. {"publishing-api":"https://..."}. */
  SERVER_API_URLS: z
    .string()
    .optional()
    .transform((text, context) => {
      if (text === undefined) return {};
      try {
        return z.record(z.string(), z.url()).parse(JSON.parse(text));
      } catch {
        context.addIssue({ code: 'custom', message: 'SERVER_API_URLS must be a JSON object of app name to URL' });
        return z.NEVER;
      }
    }),
  HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  // Security (docs/security.md): payload encryption, its codec server, approvers, Temporal TLS.
  /** "id:secret" entries (32-byte secrets, hex or base64); the first encrypts, all decrypt. */
  CODEC_KEYS: z.string().min(1).optional(),
  CODEC_KEY_FILE: z.string().min(1).optional(),
  CODEC_SERVER_HOST: z.string().min(1).default('127.0.0.1'),
  CODEC_SERVER_PORT: port.default(8788),
  CODEC_SERVER_TOKEN: z.string().min(16, 'CODEC_SERVER_TOKEN must be at least 16 characters').optional(),
  /** The Web UI's origin, the only one whose pages may call the codec server; defaults to the embedded UI. */
  CODEC_SERVER_UI_ORIGIN: z.url().transform((url) => new URL(url).origin).optional(),
  APPROVERS_INTEGRATION: csv.optional(),
  APPROVERS_STAGING: csv.optional(),
  APPROVERS_PRODUCTION: csv.optional(),
  APPROVER_NOT_STARTER: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  TEMPORAL_TLS_CERT_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_CA_FILE: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  TEMPORAL_API_KEY_FILE: z.string().min(1).optional(),
});

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
