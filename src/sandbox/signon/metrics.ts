import { Gauge, Registry } from 'prom-client';
import { parameterize } from '../../domain/parameterize.js';
import { expiresAt } from './model.js';
import type { SignonStore } from './store.js';

export const TOKEN_EXPIRY_GAUGE = 'signon_api_user_token_expiry_timestamp_seconds';

/**
 * Signon's GlobalPrometheusCollector: one observation per not-revoked API-user token, labelled
 * by user email and parameterized application name. Two live tokens of one user for one app
 * (normal during rotation) share a label set, and a gauge holds one value per label set: the
 * real exporter keeps whichever it observed last, which in id order is usually the newest.
 * The sandbox exports the latest expiry explicitly, so it is deterministic and agrees with the
 * recording rule's `max by (api_user, application)` that the alert evaluates.
 *
 * Computed on each scrape (the real one caches for an hour) so tests see changes at once. Only
 * live tokens count, as DOMAIN.md puts it, so revoked and expired tokens drop out; note the real
 * collector selects `not_revoked` only, so there an expired, unrevoked token keeps a series
 * whose timestamp lies in the past.
 */
export function createSignonMetrics(store: SignonStore): Registry {
  const registry = new Registry();
  new Gauge({
    name: TOKEN_EXPIRY_GAUGE,
    help: 'Timestamp when API User token expires',
    labelNames: ['api_user', 'application'] as const,
    registers: [registry],
    collect() {
      const latest = new Map<string, { apiUser: string; application: string; seconds: number }>();
      for (const { row, user, application } of store.liveTokens()) {
        const labels = { apiUser: user.email, application: parameterize(application.name) };
        const seconds = Math.floor(expiresAt(row) / 1000);
        const key = `${labels.apiUser}\u0000${labels.application}`;
        const current = latest.get(key);
        if (!current || seconds > current.seconds) latest.set(key, { ...labels, seconds });
      }
      this.reset();
      for (const series of latest.values()) {
        this.set({ api_user: series.apiUser, application: series.application }, series.seconds);
      }
    },
  });
  return registry;
}
