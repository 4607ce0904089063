/**
 * The HTTP shell around the receiver: Alertmanager's webhook on POST /alerts, Prometheus
 * metrics on GET /metrics, liveness on GET /healthz. Kept cheap per request: no request
 * logging, no per-request child loggers, the auth digest of the expected token computed once.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from '../log.js';
import type { RotationStarter } from '../temporal/rotation-starter.js';
import { createBearerCheck } from './auth.js';
import { createWebhookMetrics } from './metrics.js';
import { alertmanagerPayloadSchema } from './payload.js';
import { receiveNotification } from './receive.js';
import { listenOn, type ListeningServer } from '../http/listen.js';

export interface WebhookServerOptions {
  starter: RotationStarter;
  /** The bearer token Alertmanager sends (its `http_config.authorization.credentials`). */
  authToken: string;
  logger: Logger;
  /** Larger requests get 413. Alertmanager groups are small; 1 MiB leaves room for hundreds of alerts. */
  bodyLimitBytes?: number;
  /** Defaults to a fresh registry, so servers in one process do not share counters. */
  metricsRegistry?: Registry;
  /** How long one rotation start may take before the notification is answered 503. */
  startTimeoutMs?: number;
}

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
const DEFAULT_START_TIMEOUT_MS = 10_000;
/** Enough to find every mistake in a hand-written payload, without echoing a huge broken one. */
const MAX_REPORTED_ISSUES = 20;

interface HttpError {
  statusCode?: number;
  code?: string;
  message?: string;
}

function asHttpError(error: unknown): HttpError {
  return typeof error === 'object' && error !== null ? (error as HttpError) : {};
}

export function createWebhookServer(options: WebhookServerOptions): FastifyInstance {
  const { starter, logger } = options;
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const isAuthorized = createBearerCheck(options.authToken);
  const metrics = createWebhookMetrics(options.metricsRegistry);

  // Fastify's own logger stays off: it would log per request, and our logger masks tokens anyway.
  const app = Fastify({ logger: false, bodyLimit });

  app.addHook('onResponse', async (request, reply) => {
    metrics.observeRequest(request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });

  app.setErrorHandler(async (error, request, reply) => {
    const { statusCode, code, message } = asHttpError(error);
    if (statusCode === 413) {
      return reply.code(413).send({ error: 'payload too large', limitBytes: bodyLimit });
    }
    if (statusCode === 415) {
      return reply.code(415).send({ error: 'unsupported media type: send application/json' });
    }
    if (statusCode === 400) {
      // Fastify's body parser refused it (not JSON, empty, poisoned prototype): it never reached the schema.
      return reply.code(400).send({ error: 'invalid request body', code, message });
    }
    logger.error({ err: error, route: request.routeOptions.url }, 'webhook request failed');
    return reply.code(500).send({ error: 'internal error' });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/metrics', async (_request, reply) => {
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.post('/alerts', {
    // onRequest runs before the body is read, so an unauthenticated caller costs no parsing.
    onRequest: async (request, reply) => {
      if (isAuthorized(request.headers.authorization)) return;
      logger.warn({ remoteAddress: request.ip }, 'refused an alert notification: missing or wrong bearer token');
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'missing or wrong bearer token' });
    },
    handler: async (request, reply) => {
      const parsed = alertmanagerPayloadSchema.safeParse(request.body);
      if (!parsed.success) {
        const issues = parsed.error.issues
          .slice(0, MAX_REPORTED_ISSUES)
          .map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
        logger.warn({ issues }, 'refused an alert notification: payload does not match Alertmanager webhook v4');
        return reply.code(400).send({ error: 'invalid payload', issues });
      }
      const payload = parsed.data;
      metrics.recordNotification(payload.truncatedAlerts);
      if (payload.truncatedAlerts > 0) {
        logger.warn(
          { groupKey: payload.groupKey, truncatedAlerts: payload.truncatedAlerts },
          'Alertmanager truncated the notification: the left-out alerts were not seen (raise max_alerts on the receiver)',
        );
      }

      const outcomes = await receiveNotification(payload, { starter, logger, startTimeoutMs });
      metrics.recordOutcomes(outcomes);
      for (const item of outcomes) {
        if (item.outcome === 'started') logger.info({ workflowId: item.workflowId }, 'started a rotation from an alert');
        if (item.outcome === 'rejected') logger.warn({ fingerprint: item.fingerprint, reason: item.reason }, 'rejected an alert');
      }

      if (outcomes.some((item) => item.outcome === 'unavailable')) {
        // Alertmanager retries on 5xx; the rotations that did start are absorbed on resend.
        return reply.code(503).send({ error: 'could not start every rotation; resend the notification', alerts: outcomes });
      }
      return reply.code(200).send({ alerts: outcomes });
    },
  });

  return app;
}

export type RunningWebhookServer = ListeningServer;

export async function startWebhookServer(
  options: WebhookServerOptions & { host?: string; port: number },
): Promise<RunningWebhookServer> {
  const { host = '127.0.0.1', port, ...serverOptions } = options;
  return listenOn(createWebhookServer(serverOptions), host, port, 'webhook server');
}
