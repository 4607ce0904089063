/**
 * The Temporal dev server itself restarts mid-rotation (same SQLite file, same address) while
 * the worker process waits out a stalled rollout: the rotation resumes from its persisted
 * history and completes exactly once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createLogger } from '../../src/log.js';
import { startTemporal, type TemporalServer } from '../../src/temporal/dev-server.js';
import { freePort } from '../../src/temporal/free-port.js';
import { approveSignal } from '../../workflows/messages.js';
import type { RotationResult } from '../../workflows/rotate-signon-token.js';
import { openCrashWorld, removeWorkflowBundleFile, waitFor } from '../support/crash-world.js';
import { bundleRotationWorkflow } from '../support/rotation-world.js';
import { expectExactlyOnceRotation } from '../support/rotation-proof.js';
import { tokenRows } from '../support/signon-inspection.js';

const INTERNAL = { environment: 'production', apiUser: 'short-url-manager@alphagov.co.uk', application: 'publishing-api', trigger: 'test' } as const;
const quiet = createLogger('restart-test', undefined, 'warn');

describe('the Temporal dev server restarts mid-rotation', () => {
  let directory: string;
  let server: TemporalServer | undefined;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'temporal-restart-'));
    await bundleRotationWorkflow();
  });
  afterAll(async () => {
    await server?.stop();
    await removeWorkflowBundleFile();
    await rm(directory, { recursive: true, force: true });
  });

  test('the rotation resumes from SQLite and completes exactly once', async () => {
    const dbFile = path.join(directory, 'temporal.sqlite');
    const port = await freePort();
    const start = () => startTemporal({ dbFile, port, logger: quiet });
    server = await start();
    const world = await openCrashWorld({ temporalAddress: server.address, namespace: server.namespace });
    try {
      const oldTokenIds = tokenRows(world.sandbox, INTERNAL.apiUser, 'Publishing API').tokens.map((token) => token.id);
      world.sandbox.kubernetes.faults.stallRollouts = true;
      await world.startWorker();
      const handle = await world.start(INTERNAL);
      await waitFor('a consumer rollout to stall', async () =>
        (await world.status(handle)).currentStep === 'waitForHealthy' && world.sandbox.kubernetes.getDeployment('short-url-manager')?.status.updatedReplicas === 1
          ? true
          : undefined,
      );

      await server.stop();
      server = await start();
      world.sandbox.kubernetes.faults.stallRollouts = false;
      // No new worker is started: the one that lived through the outage must finish the job.

      await waitFor('the approval gate after the restart', async () => {
        const status = await world.status(handle).catch(() => undefined);
        return status?.currentStep === 'awaitApproval' ? status : undefined;
      }, 120_000);
      await handle.signal(approveSignal, { by: 'alice' });
      const result = (await handle.result()) as RotationResult;
      expect(result.outcome).toBe('rotated');
      expectExactlyOnceRotation(world.sandbox, INTERNAL.apiUser, 'Publishing API', oldTokenIds, result.newToken?.id);
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nworker said:\n${world.worker?.output() ?? '(none)'}`);
    } finally {
      await world.close();
    }
  });
});
