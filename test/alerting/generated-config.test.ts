/**
 * The generated configuration, checked by the tools that ship with Prometheus and Alertmanager
 * (promtool, amtool), and the rules unit-tested by promtool with GOV.UK's own timing (`for: 1h`,
 * one-minute evaluation), so the sandbox's shortened timing is the only difference.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { INSTALL_HINT } from '../../src/alerting/binaries.js';
import { writeAlertingConfig, type AlertingConfigFiles } from '../../src/alerting/config-files.js';
import { SANDBOX_NOTIFY_TIMING } from '../../src/alerting/timing.js';

const run = promisify(execFile);
const WEBHOOK_TOKEN = 'generated-config-test-token';

async function tool(command: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(command, args);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { code?: number | string; stdout?: string; stderr?: string };
    if (failure.code === 'ENOENT') throw new Error(`${command} is not on PATH: ${INSTALL_HINT}`);
    return { code: Number(failure.code), output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

const EXPIRY = 'signon_api_user_token_expiry_timestamp_seconds';
const DAY = 24 * 60 * 60;
/** promtool's clock starts at 0, so an expiry timestamp of N seconds means "expires N seconds after the start". */
const rulesUnitTest = {
  rule_files: ['signon-rules.yml'],
  evaluation_interval: '1m',
  tests: [
    {
      interval: '1m',
      input_series: [
        // Expires in 10 days: pending for the first hour, then firing.
        { series: `${EXPIRY}{api_user="short-url-manager@alphagov.co.uk",application="publishing-api",instance="a"}`, values: `${10 * DAY}x180` },
        // The same token as the staging copy sees it: its own alert, labelled staging.
        { series: `${EXPIRY}{api_user="short-url-manager@alphagov.co.uk",application="publishing-api",environment="staging"}`, values: `${10 * DAY}x180` },
        // 20 days: never alerts.
        { series: `${EXPIRY}{api_user="content-publisher@alphagov.co.uk",application="publishing-api"}`, values: `${20 * DAY}x180` },
        // Two live tokens, as after Signon's auto-renewal: the newest counts, so no alert.
        { series: `${EXPIRY}{api_user="whitehall@alphagov.co.uk",application="publishing-api",instance="a"}`, values: `${5 * DAY}x180` },
        { series: `${EXPIRY}{api_user="whitehall@alphagov.co.uk",application="publishing-api",instance="b"}`, values: `${700 * DAY}x180` },
        // Rotated after 90 minutes: the new two-year token resolves the alert.
        { series: `${EXPIRY}{api_user="customs-guidance-publisher@hmrc.gov.uk",application="publishing-api"}`, values: `${6 * DAY}x90 ${730 * DAY}x90` },
      ],
      promql_expr_test: [
        {
          expr: 'global:signon_api_user_token_expires_in_seconds{api_user="short-url-manager@alphagov.co.uk",environment=""}',
          eval_time: '1h',
          exp_samples: [
            {
              labels: 'global:signon_api_user_token_expires_in_seconds{api_user="short-url-manager@alphagov.co.uk",application="publishing-api"}',
              value: 10 * DAY - 3600,
            },
          ],
        },
      ],
      alert_rule_test: [
        { eval_time: '59m', alertname: 'SignonApiUserTokenExpirySoon', exp_alerts: [] },
        {
          eval_time: '61m',
          alertname: 'SignonApiUserTokenExpirySoon',
          exp_alerts: [
            ...[{}, { environment: 'staging' }].map((extra) => ({
              exp_labels: { severity: 'warning', api_user: 'short-url-manager@alphagov.co.uk', application: 'publishing-api', ...extra },
              exp_annotations: expectedAnnotations('short-url-manager@alphagov.co.uk'),
            })),
            {
              exp_labels: { severity: 'warning', api_user: 'customs-guidance-publisher@hmrc.gov.uk', application: 'publishing-api' },
              exp_annotations: expectedAnnotations('customs-guidance-publisher@hmrc.gov.uk'),
            },
          ],
        },
        {
          eval_time: '150m',
          alertname: 'SignonApiUserTokenExpirySoon',
          exp_alerts: [{}, { environment: 'staging' }].map((extra) => ({
            exp_labels: { severity: 'warning', api_user: 'short-url-manager@alphagov.co.uk', application: 'publishing-api', ...extra },
            exp_annotations: expectedAnnotations('short-url-manager@alphagov.co.uk'),
          })),
        },
      ],
    },
  ],
};

function expectedAnnotations(apiUser: string): Record<string, string> {
  return {
    summary: `Signon API user token for ${apiUser} / publishing-api expires soon`,
    description:
      'The newest live token expires within 14 days. The rotation webhook starts its rotation; see the runbook for tokens it hands to a person.',
  };
}

describe('the generated alerting configuration', () => {
  let dir: string;
  let files: AlertingConfigFiles;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'alerting-config-'));
    files = await writeAlertingConfig({
      dir,
      signonUrl: 'http://127.0.0.1:3100',
      webhookUrl: 'http://127.0.0.1:8787/alerts',
      webhookAuthToken: WEBHOOK_TOKEN,
      alertmanagerPort: 9093,
      environment: 'production',
      stagingCopy: true,
      timing: { interval: '1m', for: '1h', ...SANDBOX_NOTIFY_TIMING },
    });
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('promtool accepts the Prometheus config and its rule file', async () => {
    const result = await tool('promtool', ['check', 'config', files.prometheusConfig]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.output).toContain('SUCCESS: 2 rules found');
  });

  test('amtool accepts the Alertmanager config', async () => {
    const result = await tool('amtool', ['check-config', files.alertmanagerConfig]);
    expect(result).toMatchObject({ code: 0 });
  });

  test('the rules behave like GOV.UK\'s: newest token counts, 14 days, for 1h, resolve on rotation, staging apart', async () => {
    const testFile = path.join(dir, 'signon-rules.test.yml');
    await writeFile(testFile, JSON.stringify(rulesUnitTest));
    const result = await tool('promtool', ['test', 'rules', testFile]);
    expect(result.output).toContain('SUCCESS');
    expect(result).toMatchObject({ code: 0 });
  });

  test('the config files hold no secret: Alertmanager reads the bearer token from an owner-only file', async () => {
    for (const file of Object.values(files)) expect(await readFile(file, 'utf8')).not.toContain(WEBHOOK_TOKEN);
    const alertmanager = await readFile(files.alertmanagerConfig, 'utf8');
    const credentialsFile = /"credentials_file": "([^"]+)"/.exec(alertmanager)?.[1];
    expect(credentialsFile).toBeDefined();
    expect(await readFile(credentialsFile!, 'utf8')).toBe(WEBHOOK_TOKEN);
    const { stdout } = await run('stat', ['-c', '%a', credentialsFile!]);
    expect(stdout.trim()).toBe('600');
  });
});
