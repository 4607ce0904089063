/**
 * ServerApiClient: proves a token works by making the server application's smoke request
 * (smoke-catalogue.ts) with it. Which failures are final: 401/403 mean the token does not work
 * and other unexpected 4xx mean the request or configuration is wrong, so retrying cannot help;
 * 5xx, timeouts and network errors may pass, so they are plain errors for Temporal to retry.
 */
import ky from 'ky';
import { PermanentFailure } from '../domain/errors.js';
import { parameterize } from '../domain/parameterize.js';
import { createLogger, type Logger } from '../log.js';
import type { ServerApiClient, SmokeCallResult } from '../ports.js';
import { send } from './http-call.js';
import { SMOKE_CATALOGUE } from './smoke-catalogue.js';

export interface ServerApiClientOptions {
  /** Base URL per server application; keys may be names or parameterized names. */
  baseUrls: Record<string, string>;
  timeoutMs: number;
  logger?: Logger;
}

export function createServerApiClient(options: ServerApiClientOptions): ServerApiClient {
  const log = options.logger ?? createLogger('server-api-client');
  const baseUrls = new Map(Object.entries(options.baseUrls).map(([name, url]) => [parameterize(name), url]));
  // Temporal owns retries; the timeout bounds every call.
  const client = ky.create({ retry: 0, timeout: options.timeoutMs });

  return {
    async smokeCall(application: string, token: string, signal: AbortSignal): Promise<SmokeCallResult> {
      const app = parameterize(application);
      const request = SMOKE_CATALOGUE[app];
      if (!request) throw new PermanentFailure(`no smoke call is known for application ${application}`);
      const baseUrl = baseUrls.get(app);
      if (!baseUrl) throw new PermanentFailure(`no base URL is configured for ${app}`);

      const what = `${app} smoke call ${request.method} ${request.path}`;
      const started = performance.now();
      const response = await send(
        client,
        `${baseUrl.replace(/\/+$/, '')}${request.path}`,
        {
          method: request.method,
          headers: { authorization: `Bearer ${token}` },
          ...(request.searchParams ? { searchParams: request.searchParams } : {}),
          ...(request.json === undefined ? {} : { json: request.json }),
          signal,
        },
        { what, timeoutMs: options.timeoutMs },
      );
      const durationMs = Math.round(performance.now() - started);
      // The body is never needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      log.info({ application: app, status: response.status, durationMs }, 'smoke call answered');

      if (request.accepted.includes(response.status)) return { status: response.status, durationMs };
      if (response.status === 401 || response.status === 403) {
        throw new PermanentFailure(`${app} rejected the new token: ${response.status}`);
      }
      if (response.status >= 400 && response.status < 500) {
        throw new PermanentFailure(`${what} answered ${response.status}`);
      }
      throw new Error(`${what} answered ${response.status}`);
    },
  };
}
