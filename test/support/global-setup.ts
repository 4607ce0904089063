/**
 * Starts one Temporal dev server for the whole `npm test` run (or uses TEMPORAL_ADDRESS) and
 * hands its address to the test files through TEMPORAL_TEST_ADDRESS.
 *
 * Jest loads global setup through Node's own loader, so Jest's transform does not reach the
 * TypeScript modules this file imports; tsx's scoped loader (tsImport) loads them instead.
 * The path comes from Jest's rootDir rather than import.meta so this works as CJS or ESM.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TemporalServer } from '../../src/temporal/dev-server.js';

type DevServerModule = typeof import('../../src/temporal/dev-server.js');

/** Global setup and teardown run in the same process; globalThis carries the server across. */
export type TestGlobals = typeof globalThis & { temporalTestServer?: TemporalServer };

export default async function globalSetup(_globalConfig: unknown, projectConfig: { rootDir: string }): Promise<void> {
  const { tsImport } = await import('tsx/esm/api');
  const devServerUrl = pathToFileURL(path.join(projectConfig.rootDir, 'src/temporal/dev-server.ts')).href;
  const { startTemporal } = (await tsImport(devServerUrl, devServerUrl)) as DevServerModule;

  const server = await startTemporal({ address: process.env.TEMPORAL_ADDRESS });
  (globalThis as TestGlobals).temporalTestServer = server;
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  process.env.TEMPORAL_TEST_NAMESPACE = server.namespace;
  if (server.uiUrl) process.env.TEMPORAL_TEST_UI_URL = server.uiUrl;
}
