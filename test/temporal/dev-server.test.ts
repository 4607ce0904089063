/**
 * The Temporal server the tests and `npm start` rely on: real dev servers, no mocks.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Client, Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { createLogger } from '../../src/log.js';
import { startTemporal, type StartTemporalOptions } from '../../src/temporal/dev-server.js';
import { listCustomSearchAttributes } from '../../src/temporal/search-attribute-registration.js';
import { ROTATION_SEARCH_ATTRIBUTES, ROTATION_STEP } from '../../workflows/search-attributes.js';
import { testConnection, testNamespace } from '../support/temporal.js';

describe('the shared test server', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await testConnection();
  });
  afterAll(async () => {
    await connection.close();
  });

  test('answers and has the rotation search attributes registered', async () => {
    const registered = await listCustomSearchAttributes(connection, testNamespace());
    expect(registered).toEqual(expect.arrayContaining(ROTATION_SEARCH_ATTRIBUTES.map((key) => key.name)));
  });
});

describe('startTemporal with a SQLite file', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'temporal-dev-server-test-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test('keeps a workflow execution and its search attributes across a restart', async () => {
    const options: StartTemporalOptions = {
      dbFile: path.join(dataDir, 'temporal.sqlite'),
      logger: createLogger('dev-server-test').child({}, { level: 'warn' }),
    };
    const workflowId = `survives-restart-${Date.now()}`;

    // No worker polls "nobody": the execution just waits, which is all the history we need.
    const runId = await withClient(options, async (client) => {
      const handle = await client.workflow.start('noSuchWorkflow', {
        taskQueue: 'nobody',
        workflowId,
        typedSearchAttributes: new TypedSearchAttributes([{ key: ROTATION_STEP, value: 'persisted' }]),
      });
      return handle.firstExecutionRunId;
    });

    const after = await withClient(options, (client) => client.workflow.getHandle(workflowId).describe());
    expect(after.runId).toBe(runId);
    expect(after.status.name).toBe('RUNNING');
    expect(after.typedSearchAttributes.get(ROTATION_STEP)).toBe('persisted');
  });
});

/** Starts a dev server, runs use with a client on it, and stops the server again. */
async function withClient<T>(options: StartTemporalOptions, use: (client: Client) => Promise<T>): Promise<T> {
  const server = await startTemporal(options);
  try {
    const connection = await Connection.connect({ address: server.address });
    try {
      return await use(new Client({ connection, namespace: server.namespace }));
    } finally {
      await connection.close();
    }
  } finally {
    await server.stop();
  }
}
