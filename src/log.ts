/**
 * The one logger. pino for structured JSON lines; two walls keep tokens out of them:
 * known secret fields are redacted by path, and any string that looks like a bearer token
 * (a long unbroken run of URL-safe characters, as Doorkeeper mints) is masked wherever it sits.
 */
import { pino, type Logger } from 'pino';

const URL_SAFE_RUN = /[A-Za-z0-9_-]{32,}/g;

/**
 * Random tokens mix upper case, lower case and digits; workflow ids, names and hex hashes do
 * not, so requiring all three keeps ordinary long identifiers readable.
 */
function looksLikeToken(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);
}

export function maskTokenShapedText(text: string): string {
  return text.replace(URL_SAFE_RUN, (run) => (looksLikeToken(run) ? '[redacted]' : run));
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskTokenShapedText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { type: value.name, message: maskTokenShapedText(value.message) };
  }
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskDeep(item, depth + 1)]));
}

const SECRET_PATHS = [
  'token',
  'bearerToken',
  'bearer_token',
  'authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.token',
  '*.bearerToken',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
];

export function createLogger(name: string, destination?: NodeJS.WritableStream, level?: string): Logger {
  return pino(
    {
      name,
      level: process.env.LOG_LEVEL ?? level ?? 'info',
      redact: { paths: SECRET_PATHS, censor: '[redacted]' },
      formatters: { log: (object) => maskDeep(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskTokenShapedText(arg) : arg));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination ?? process.stdout,
  );
}

export type { Logger };
