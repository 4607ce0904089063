/**
 * How the worker and every client reach a real Temporal cluster: TLS (CA, client certificate
 * and key, optional SNI override) and an API key, all from configuration or files. The
 * settings object holds secrets, so it is only ever passed to the SDK, never logged.
 */
import { readFile } from 'node:fs/promises';
import type { TLSConfig } from '@temporalio/client';
import { ConfigError, type Config } from '../config/config.js';

export interface TemporalConnectionSettings {
  tls?: TLSConfig;
  apiKey?: string;
}

type ConnectionConfig = Pick<
  Config,
  | 'TEMPORAL_TLS_CERT_FILE'
  | 'TEMPORAL_TLS_KEY_FILE'
  | 'TEMPORAL_TLS_CA_FILE'
  | 'TEMPORAL_TLS_SERVER_NAME'
  | 'TEMPORAL_API_KEY'
  | 'TEMPORAL_API_KEY_FILE'
>;

async function readSetting(variable: string, file: string): Promise<Buffer> {
  return readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(`${variable}: cannot read ${file} (${error.code ?? 'error'})`);
  });
}

export async function temporalConnectionSettings(config: ConnectionConfig): Promise<TemporalConnectionSettings> {
  const certFile = config.TEMPORAL_TLS_CERT_FILE;
  const keyFile = config.TEMPORAL_TLS_KEY_FILE;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new ConfigError('TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE: set both (mutual TLS) or neither');
  }
  if (config.TEMPORAL_API_KEY !== undefined && config.TEMPORAL_API_KEY_FILE !== undefined) {
    throw new ConfigError('TEMPORAL_API_KEY and TEMPORAL_API_KEY_FILE are both set: configure the API key in one place');
  }

  const wantsTls = certFile !== undefined || config.TEMPORAL_TLS_CA_FILE !== undefined || config.TEMPORAL_TLS_SERVER_NAME !== undefined;
  const apiKey = config.TEMPORAL_API_KEY_FILE !== undefined
    ? (await readSetting('TEMPORAL_API_KEY_FILE', config.TEMPORAL_API_KEY_FILE)).toString('utf8').trim()
    : config.TEMPORAL_API_KEY;
  if (apiKey === '') throw new ConfigError('TEMPORAL_API_KEY_FILE: the file is empty');
  // An API key must never cross the network in clear text, so it switches TLS on by itself.
  if (!wantsTls && apiKey === undefined) return {};

  const tls: TLSConfig = {};
  if (config.TEMPORAL_TLS_SERVER_NAME !== undefined) tls.serverNameOverride = config.TEMPORAL_TLS_SERVER_NAME;
  if (config.TEMPORAL_TLS_CA_FILE !== undefined) tls.serverRootCACertificate = await readSetting('TEMPORAL_TLS_CA_FILE', config.TEMPORAL_TLS_CA_FILE);
  if (certFile !== undefined && keyFile !== undefined) {
    tls.clientCertPair = {
      crt: await readSetting('TEMPORAL_TLS_CERT_FILE', certFile),
      key: await readSetting('TEMPORAL_TLS_KEY_FILE', keyFile),
    };
  }
  return { tls, ...(apiKey !== undefined ? { apiKey } : {}) };
}
