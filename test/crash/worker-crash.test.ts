/**
 * Crash tests with real processes: for each step boundary the worker process is SIGKILLed, a
 * new one starts, and the rotation still completes. Signon's event log proves exactly one new
 * token, the old one revoked exactly once, and no revoked token left in a running pod.
 *
 * A killed worker's activity is only retried once its timeout passes (the workflow's fixed
 * heartbeat and startToClose timeouts, 30 s), so the scenarios run side by side, each with
 * its own sandbox and task queue on the shared Temporal server.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { WorkflowHandle } from '@temporalio/client';
import { approveSignal } from '../../workflows/messages.js';
import type { RotationResult } from '../../workflows/rotate-signon-token.js';
import type { RotationStatus, StepName } from '../../workflows/types.js';
import { openCrashWorld, removeWorkflowBundleFile, waitFor, type CrashWorld } from '../support/crash-world.js';
import { bundleRotationWorkflow } from '../support/rotation-world.js';
import { expectExactlyOnceRotation } from '../support/rotation-proof.js';
import { tokenRows } from '../support/signon-inspection.js';
import { testAddress, testNamespace } from '../support/temporal.js';

const INTERNAL = { environment: 'production', apiUser: 'short-url-manager@alphagov.co.uk', application: 'publishing-api', trigger: 'test' } as const;
const APPLICATION = 'Publishing API';

const succeeded = (status: RotationStatus, step: StepName) => status.steps.some((record) => record.step === step && record.outcome === 'succeeded');
const rotationJobs = (world: CrashWorld) => world.sandbox.kubernetes.state.store.list('Job', 'apps').filter((job) => job.metadata.name.includes('-rot-'));

/** Runs one scenario: start, reach the boundary, kill, let `afterKill` undo the hold, start a new worker, finish, prove. */
async function crashAt(
  arrange: (world: CrashWorld) => void,
  atBoundary: (world: CrashWorld, handle: WorkflowHandle) => Promise<unknown>,
  afterKill: (world: CrashWorld) => void = () => {},
): Promise<RotationResult> {
  const world = await openCrashWorld({ temporalAddress: testAddress(), namespace: testNamespace() });
  try {
    const oldTokenIds = tokenRows(world.sandbox, INTERNAL.apiUser, APPLICATION).tokens.map((token) => token.id);
    arrange(world);
    await world.startWorker();
    const handle = await world.start(INTERNAL);
    await atBoundary(world, handle);
    await world.killWorker();
    afterKill(world);
    await world.startWorker();

    const awaiting = await waitFor('the approval gate', async () => {
      const status = await world.status(handle);
      if (status.currentStep === 'done') throw new Error(`the rotation ended before approval: ${status.outcomeReason}`);
      return status.currentStep === 'awaitApproval' || succeeded(status, 'awaitApproval') ? status : undefined;
    }, 120_000);
    if (awaiting.currentStep === 'awaitApproval') await handle.signal(approveSignal, { by: 'alice' });
    const result = (await handle.result()) as RotationResult;
    expect(result.outcome).toBe('rotated');
    expectExactlyOnceRotation(world.sandbox, INTERNAL.apiUser, APPLICATION, oldTokenIds, result.newToken?.id);
    // One sync Job per rotation, however often runSyncJob was attempted.
    expect(rotationJobs(world)).toHaveLength(1);
    return result;
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nworker said:\n${world.worker?.output() ?? '(no worker running)'}`);
  } finally {
    await world.close();
  }
}

const statusWhen = (world: CrashWorld, handle: WorkflowHandle, what: string, test: (status: RotationStatus) => boolean) =>
  waitFor(what, async () => {
    const status = await world.status(handle);
    return test(status) ? status : undefined;
  });

describe('the worker process is SIGKILLed mid-rotation and a new one finishes it', () => {
  beforeAll(async () => {
    await bundleRotationWorkflow();
  });
  afterAll(async () => {
    await removeWorkflowBundleFile();
  });

  test.concurrent('after createToken', async () => {
    await crashAt(
      // Held sync Jobs keep the rotation from running far past the boundary before the kill.
      (world) => {
        world.sandbox.kubernetes.faults.holdJobs = true;
      },
      (world, handle) => statusWhen(world, handle, 'createToken to succeed', (status) => succeeded(status, 'createToken')),
      (world) => {
        world.sandbox.kubernetes.faults.holdJobs = false;
      },
    );
  });

  test.concurrent('during runSyncJob', async () => {
    await crashAt(
      (world) => {
        world.sandbox.kubernetes.faults.holdJobs = true;
      },
      (world) => waitFor('the sync Job to exist', () => (rotationJobs(world).length > 0 ? true : undefined)),
      (world) => {
        world.sandbox.kubernetes.faults.holdJobs = false;
      },
    );
  });

  test.concurrent('during waitForHealthy', async () => {
    await crashAt(
      (world) => {
        world.sandbox.kubernetes.faults.stallRollouts = true;
      },
      async (world, handle) => {
        await statusWhen(world, handle, 'waitForHealthy', (status) => status.currentStep === 'waitForHealthy');
        // The stalled rollout has started a pod on the new token: consumers are mid-switch.
        await waitFor('a consumer rollout to stall', () =>
          world.sandbox.kubernetes.getDeployment('short-url-manager')?.status.updatedReplicas === 1 ? true : undefined,
        );
      },
      (world) => {
        world.sandbox.kubernetes.faults.stallRollouts = false;
      },
    );
  });

  test.concurrent('after verifyEnv', async () => {
    await crashAt(
      // The smoke call right after verifyEnv hangs, so the kill lands between the two steps' results.
      (world) => {
        world.sandbox.publishingApi.faults.hangNext(1);
      },
      async (world, handle) => {
        await statusWhen(world, handle, 'verifyEnv to succeed', (status) => succeeded(status, 'verifyEnv'));
        await waitFor('the smoke call to hang', () => (world.sandbox.publishingApi.faults.state().hangNext === 0 ? true : undefined));
      },
    );
  });

  test.concurrent('while awaiting approval', async () => {
    await crashAt(
      () => {},
      (world, handle) => statusWhen(world, handle, 'the approval gate', (status) => status.currentStep === 'awaitApproval'),
    );
  });

  test.concurrent('during revokeOld, after Signon revoked but before the worker heard', async () => {
    let oldTokenId = '';
    await crashAt(
      (world) => {
        oldTokenId = tokenRows(world.sandbox, INTERNAL.apiUser, APPLICATION).tokens[0]?.id ?? '';
      },
      async (world, handle) => {
        await statusWhen(world, handle, 'the approval gate', (status) => status.currentStep === 'awaitApproval');
        // Signon does the revoke at once and answers a minute later: the worker dies waiting.
        world.sandbox.signon.faults.slowNextRevokeAnswer(60_000);
        await handle.signal(approveSignal, { by: 'alice' });
        await waitFor('Signon to revoke the old token', () =>
          world.sandbox.signon.store.events().some((event) => event.type === 'token-revoked' && event.tokenId === oldTokenId) ? true : undefined,
        );
      },
      () => {},
    );
  });
});
