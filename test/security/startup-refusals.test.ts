/** Production refuses to start without the security settings it needs, naming what to set. */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { approversFromConfig } from '../../src/config/approvers.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/log.js';
import { startStack } from '../../src/stack.js';
import { temporalConnectionSettings } from '../../src/temporal/connection-settings.js';

const run = promisify(execFile);
const PRODUCTION_KEYS = { ROTATION_MODE: 'production', FINGERPRINT_KEY: 'a-production-fingerprint-key', APPROVERS_PRODUCTION: 'alice' };

describe('refusing to start', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'refusals-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('the stack (and so its worker) refuses production mode without a codec key, before starting anything', async () => {
    const config = loadConfig({ ...PRODUCTION_KEYS, DATA_DIR: dataDir });
    const error = await startStack({ config, logger: createLogger('test', { write: () => true } as unknown as NodeJS.WritableStream), ephemeral: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^CODEC_KEYS or CODEC_KEY_FILE: required in production mode/);
    expect(await readdir(dataDir)).toEqual([]);
  });

  test('npm start exits 2 with that message', async () => {
    const env = { ...process.env, ...PRODUCTION_KEYS, DATA_DIR: dataDir, NODE_OPTIONS: '' };
    const failure = await run('npx', ['tsx', 'src/main.ts'], { env, timeout: 60_000 }).then(
      () => undefined,
      (caught: { code?: number; stderr?: string }) => caught,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('CODEC_KEYS or CODEC_KEY_FILE: required in production mode');
  });

  test('production mode without a production approver list refuses', () => {
    expect(() => approversFromConfig(loadConfig({ ROTATION_MODE: 'production' }))).toThrow(
      'APPROVERS_PRODUCTION: required in production mode',
    );
    expect(() => approversFromConfig(loadConfig({ APPROVERS_INTEGRATION: ' , ' }))).toThrow('APPROVERS_INTEGRATION: lists nobody');
    expect(approversFromConfig(loadConfig({ APPROVERS_PRODUCTION: 'alice,bob' })).approvers).toEqual({ production: ['alice', 'bob'] });
  });
});

describe('Temporal connection settings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tls-'));
    await writeFile(path.join(dir, 'ca.pem'), 'CA');
    await writeFile(path.join(dir, 'client.pem'), 'CERT');
    await writeFile(path.join(dir, 'client.key'), 'KEY');
    await writeFile(path.join(dir, 'api-key'), 'secret-api-key-from-file\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('plain for the local dev server; mutual TLS and an API key from files for a cluster', async () => {
    expect(await temporalConnectionSettings(loadConfig({}))).toEqual({});
    const settings = await temporalConnectionSettings(loadConfig({
      TEMPORAL_TLS_CA_FILE: path.join(dir, 'ca.pem'),
      TEMPORAL_TLS_CERT_FILE: path.join(dir, 'client.pem'),
      TEMPORAL_TLS_KEY_FILE: path.join(dir, 'client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_API_KEY_FILE: path.join(dir, 'api-key'),
    }));
    expect(settings.tls?.serverNameOverride).toBe('temporal.internal');
    expect(Buffer.from(settings.tls!.serverRootCACertificate!).toString()).toBe('CA');
    expect(Buffer.from(settings.tls!.clientCertPair!.key).toString()).toBe('KEY');
    expect(settings.apiKey).toBe('secret-api-key-from-file');
  });

  test('an API key alone switches TLS on, so it never crosses the network in clear text', async () => {
    expect(await temporalConnectionSettings(loadConfig({ TEMPORAL_API_KEY: 'k' }))).toEqual({ tls: {}, apiKey: 'k' });
  });

  test('half a client certificate, or an unreadable file, is refused naming the variable', async () => {
    await expect(temporalConnectionSettings(loadConfig({ TEMPORAL_TLS_CERT_FILE: path.join(dir, 'client.pem') }))).rejects.toThrow(
      'TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE: set both',
    );
    await expect(temporalConnectionSettings(loadConfig({ TEMPORAL_TLS_CA_FILE: path.join(dir, 'missing.pem') }))).rejects.toThrow(
      /^TEMPORAL_TLS_CA_FILE: cannot read .*missing\.pem \(ENOENT\)$/,
    );
  });
});
