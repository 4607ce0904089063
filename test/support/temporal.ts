/**
 * Test helpers for the shared Temporal server that Jest's global setup starts once per run.
 */
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

export function testAddress(): string {
  const address = process.env.TEMPORAL_TEST_ADDRESS;
  if (!address) {
    throw new Error(
      'TEMPORAL_TEST_ADDRESS is not set: run the tests with `npm test`, whose Jest global setup starts the shared Temporal server',
    );
  }
  return address;
}

export function testNamespace(): string {
  return process.env.TEMPORAL_TEST_NAMESPACE ?? 'default';
}

/** A new connection to the shared server; close it in afterAll. */
export async function testConnection(): Promise<Connection> {
  return Connection.connect({ address: testAddress() });
}

// Jest gives each test file its own module registry, so this cache lives for one file.
const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/** Bundles the workflows at workflowsPath the first time a test file asks; bundling takes seconds. */
export function bundleOnce(workflowsPath: string): Promise<WorkflowBundleWithSourceMap> {
  const resolved = path.resolve(workflowsPath);
  let bundle = bundles.get(resolved);
  if (!bundle) {
    bundle = bundleWorkflowCode({ workflowsPath: resolved, logger: new DefaultLogger('WARN') });
    bundles.set(resolved, bundle);
  }
  return bundle;
}
