/**
 * The codec server: Temporal's remote codec protocol (POST /encode, POST /decode) so the Web UI
 * shows decrypted payloads to the people allowed to see them, and to nobody else.
 *
 * Two walls. CORS: only pages from the configured UI origin may call it; a request carrying
 * any other Origin is refused with 403 before anything else happens. Auth: a bearer token
 * (tools) or a session cookie from signing in with that token on GET /login (browsers, since
 * the UI cannot send our token). Payloads and tokens are never logged.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { PayloadCodec } from '@temporalio/common';
import type { Logger } from '../log.js';
import { createBearerCheck } from '../webhook/auth.js';
import { loginPage } from './login-page.js';
import { createSessions, readCookie, SESSION_COOKIE } from './sessions.js';
import { codecRequestSchema, fromWire, toWire } from './wire.js';
import { listenOn, type ListeningServer } from '../http/listen.js';

export interface CodecServerOptions {
  codec: PayloadCodec;
  /** The bearer token tools send, and the password people sign in with. */
  authToken: string;
  /** The Web UI's origin (scheme://host:port), the only one whose pages may call /encode and /decode. */
  allowedOrigin: string;
  logger: Logger;
  bodyLimitBytes?: number;
  sessionLifetimeMs?: number;
}

export const DEFAULT_CODEC_BODY_LIMIT_BYTES = 16 * 1024 * 1024;
const DEFAULT_SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;
const LOGIN_BODY_LIMIT_BYTES = 4096;

function statusOf(error: unknown): number | undefined {
  const statusCode = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

export function createCodecServer(options: CodecServerOptions): FastifyInstance {
  const { codec, allowedOrigin, logger } = options;
  const hasBearer = createBearerCheck(options.authToken);
  const sessions = createSessions(options.sessionLifetimeMs ?? DEFAULT_SESSION_LIFETIME_MS);
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimitBytes ?? DEFAULT_CODEC_BODY_LIMIT_BYTES });

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: LOGIN_BODY_LIMIT_BYTES }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  app.setErrorHandler(async (error, request, reply) => {
    const status = statusOf(error);
    if (status !== undefined && status >= 400 && status < 500) return reply.code(status).send({ error: 'bad request' });
    logger.error({ err: error, route: request.routeOptions.url }, 'codec server request failed');
    return reply.code(500).send({ error: 'internal error' });
  });

  /** CORS for the UI's origin only; requests without an Origin come from tools, not pages. */
  const corsGate = async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    if (origin !== allowedOrigin) {
      logger.warn({ origin, route: request.routeOptions.url }, 'codec server refused a request from another origin');
      return reply.code(403).send({ error: 'origin not allowed' });
    }
    reply.header('access-control-allow-origin', origin).header('access-control-allow-credentials', 'true').header('vary', 'Origin');
  };

  const authGate = async (request: FastifyRequest, reply: FastifyReply) => {
    if (hasBearer(request.headers.authorization)) return;
    if (sessions.isValid(readCookie(request.headers.cookie, SESSION_COOKIE))) return;
    logger.warn({ remoteAddress: request.ip, route: request.routeOptions.url }, 'codec server refused a request without valid credentials');
    return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'sign in at /login or send the bearer token' });
  };

  for (const operation of ['encode', 'decode'] as const) {
    app.options(`/${operation}`, { onRequest: corsGate }, async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'content-type, authorization, x-namespace')
        .header('access-control-max-age', '600')
        .send());

    app.post(`/${operation}`, { onRequest: [corsGate, authGate] }, async (request, reply) => {
      const parsed = codecRequestSchema.safeParse(request.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return reply.code(400).send({ error: `invalid request: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` });
      }
      const payloads = parsed.data.payloads.map(fromWire);
      try {
        const result = operation === 'encode' ? await codec.encode(payloads) : await codec.decode(payloads);
        return reply.send({ payloads: result.map(toWire) });
      } catch (error) {
        // A payload this server cannot open (unknown key, altered bytes) is the caller's problem, not ours.
        return reply.code(400).send({ error: `could not ${operation}: ${error instanceof Error ? error.message : 'invalid payload'}` });
      }
    });
  }

  app.get('/login', async (_request, reply) => reply.type('text/html; charset=utf-8').send(loginPage({ allowedOrigin })));

  app.post('/login', async (request, reply) => {
    // Only this server's own form may sign in: another site's page cannot plant a session.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${request.headers.host ?? ''}`) return reply.code(403).send({ error: 'origin not allowed' });
    const token = (request.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || !hasBearer(`Bearer ${token}`)) {
      logger.warn({ remoteAddress: request.ip }, 'codec server refused a sign-in with a wrong token');
      return reply.code(401).type('text/html; charset=utf-8').send(loginPage({ allowedOrigin, failed: true }));
    }
    const session = sessions.create();
    return reply
      .header('set-cookie', `${SESSION_COOKIE}=${session.id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${session.maxAgeSeconds}`)
      .type('text/html; charset=utf-8')
      .send(loginPage({ allowedOrigin, signedIn: true }));
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  return app;
}

export type RunningCodecServer = ListeningServer;

export async function startCodecServer(options: CodecServerOptions & { host?: string; port: number }): Promise<RunningCodecServer> {
  const { host = '127.0.0.1', port, ...serverOptions } = options;
  return listenOn(createCodecServer(serverOptions), host, port, 'codec server');
}
