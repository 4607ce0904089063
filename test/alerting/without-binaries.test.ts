/** `npm start` without Prometheus or Alertmanager installed: found by PATH, and the hint printed instead. */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { findAlertingBinaries } from '../../src/alerting/binaries.js';
import { describeAlerting } from '../../src/alerting/describe.js';
import { startStackAlerting } from '../../src/alerting/stack-alerting.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';

describe('finding Prometheus and Alertmanager', () => {
  let empty: string;
  let debian: string;

  beforeAll(async () => {
    empty = await mkdtemp(path.join(tmpdir(), 'no-alerting-'));
    debian = await mkdtemp(path.join(tmpdir(), 'debian-alerting-'));
    for (const name of ['prometheus', 'prometheus-alertmanager']) {
      await writeFile(path.join(debian, name), '#!/bin/sh\n');
      await chmod(path.join(debian, name), 0o755);
    }
  });

  afterAll(async () => {
    for (const dir of [empty, debian]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('finds Debian\'s prometheus-alertmanager under its package name', () => {
    expect(findAlertingBinaries(debian)).toEqual({
      prometheus: path.join(debian, 'prometheus'),
      alertmanager: path.join(debian, 'prometheus-alertmanager'),
    });
  });

  test('names what is missing', () => {
    expect(findAlertingBinaries(empty)).toEqual({ missing: ['prometheus', 'alertmanager'] });
  });

  test('npm start carries on without them and prints how to install them', async () => {
    const originalPath = process.env.PATH;
    process.env.PATH = empty;
    try {
      const alerting = await startStackAlerting({
        config: loadConfig({}),
        signonUrl: 'http://127.0.0.1:3100',
        webhookUrl: 'http://127.0.0.1:8787/alerts',
        webhookAuthToken: 'unused-webhook-token',
        logger: createLogger('without-binaries', new Writable({ write: (_chunk, _encoding, callback) => callback() })),
      });
      expect(alerting.info.status).toBe('off');
      expect(describeAlerting(alerting.info).join('\n')).toContain('apt-get install prometheus prometheus-alertmanager');
      await alerting.stop();
    } finally {
      process.env.PATH = originalPath;
    }
  });

  test('ALERTING=off starts nothing, whatever is installed', async () => {
    const alerting = await startStackAlerting({
      config: loadConfig({ ALERTING: 'off' }),
      signonUrl: 'http://127.0.0.1:3100',
      webhookUrl: 'http://127.0.0.1:8787/alerts',
      webhookAuthToken: 'unused-webhook-token',
      logger: createLogger('without-binaries'),
    });
    expect(alerting.info).toEqual({ status: 'off', reason: 'ALERTING=off' });
  });
});
