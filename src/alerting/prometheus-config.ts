/**
 * The sandbox Prometheus: scrapes the sandbox Signon's /metrics twice, once as this environment
 * and once as the staging copy that GOV.UK's overnight restore makes of production's Signon, and
 * sends its alerts to our Alertmanager. `environment` is an external label, as at GOV.UK, so
 * production's alerts get it on the way out; the staging copy carries it as a target label.
 */
import type { Environment } from '../../workflows/types.js';

export const RULES_FILE_NAME = 'signon-rules.yml';

export interface PrometheusConfigOptions {
  /** host:port of the Signon whose /metrics exports the token expiry gauge. */
  signonTarget: string;
  /** host:port of Alertmanager. */
  alertmanagerTarget: string;
  environment: Environment;
  /** Also scrape the same Signon as `environment="staging"` (the overnight restore's copy). */
  stagingCopy: boolean;
  interval: string;
}

export interface PrometheusConfig {
  global: { scrape_interval: string; scrape_timeout: string; evaluation_interval: string; external_labels: Record<string, string> };
  rule_files: string[];
  alerting: { alertmanagers: Array<{ api_version: 'v2'; static_configs: Array<{ targets: string[] }> }> };
  scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[]; labels?: Record<string, string> }> }>;
}

export function prometheusConfig(options: PrometheusConfigOptions): PrometheusConfig {
  const scrapeConfigs: PrometheusConfig['scrape_configs'] = [{ job_name: 'signon', static_configs: [{ targets: [options.signonTarget] }] }];
  if (options.stagingCopy && options.environment !== 'staging') {
    scrapeConfigs.push({
      job_name: 'signon-staging-copy',
      static_configs: [{ targets: [options.signonTarget], labels: { environment: 'staging' } }],
    });
  }
  return {
    global: {
      scrape_interval: options.interval,
      // A scrape may not outlast its interval; the sandbox Signon answers in milliseconds.
      scrape_timeout: options.interval,
      evaluation_interval: options.interval,
      external_labels: { environment: options.environment },
    },
    // Relative paths are resolved against this config file's folder.
    rule_files: [RULES_FILE_NAME],
    alerting: { alertmanagers: [{ api_version: 'v2', static_configs: [{ targets: [options.alertmanagerTarget] }] }] },
    scrape_configs: scrapeConfigs,
  };
}
