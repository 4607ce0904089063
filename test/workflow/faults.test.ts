/**
 * Injected faults, one kind per test, each against a real rotation: Signon errors, resets,
 * timeouts, slow and lost answers; Kubernetes watches dropped or expired, a 409 on Job create,
 * a pod replaced mid-exec, a rollout that never finishes; server API 5xx and timeouts. Every
 * recoverable fault ends in a rotation done exactly once; the unrecoverable one revokes nothing.
 */
import { describe, expect, test } from '@jest/globals';
import { WorkflowFailedError } from '@temporalio/client';
import { approveSignal } from '../../workflows/messages.js';
import type { RotationResult } from '../../workflows/rotate-signon-token.js';
import { worldPerTest, type RotationWorld } from '../support/rotation-world.js';
import { expectExactlyOnceRotation, expectNoRevokedTokenInUse } from '../support/rotation-proof.js';
import { eventsOfType, tokenRows } from '../support/signon-inspection.js';

const INTERNAL = { environment: 'production', apiUser: 'short-url-manager@alphagov.co.uk', application: 'publishing-api', trigger: 'test' } as const;
const APPLICATION = 'Publishing API';
/** Timeouts in these tests should cost a second, not the default fifteen. */
const QUICK_TIMEOUTS = { config: { HTTP_TIMEOUT_MS: '1000' } };

const oldTokenIds = (world: RotationWorld) => tokenRows(world.sandbox, INTERNAL.apiUser, APPLICATION).tokens.map((token) => token.id);

/** Runs the rotation through approval and proves it happened exactly once. */
async function rotateExactlyOnce(world: RotationWorld): Promise<RotationResult> {
  const before = oldTokenIds(world);
  const handle = await world.start(INTERNAL);
  await world.waitForStep(handle, 'awaitApproval');
  await handle.signal(approveSignal, { by: 'alice' });
  const result = (await handle.result()) as RotationResult;
  expect(result.outcome).toBe('rotated');
  expectExactlyOnceRotation(world.sandbox, INTERNAL.apiUser, APPLICATION, before, result.newToken?.id);
  return result;
}

describe('Signon faults', () => {
  const openWorld = worldPerTest();

  test('500s are retried', async () => {
    const world = await openWorld();
    world.sandbox.signon.faults.failNext(3, 500);
    await rotateExactlyOnce(world);
    expect(world.sandbox.signon.faults.state().failNext.count).toBe(0);
  });

  test('connection resets are retried', async () => {
    const world = await openWorld();
    world.sandbox.signon.faults.resetNext(2);
    await rotateExactlyOnce(world);
    expect(world.sandbox.signon.faults.state().resetNext).toBe(0);
  });

  test('unanswered requests time out and are retried', async () => {
    const world = await openWorld(QUICK_TIMEOUTS);
    world.sandbox.signon.faults.hangNext(2);
    await rotateExactlyOnce(world);
    expect(world.sandbox.signon.faults.state().hangNext).toBe(0);
  });

  test('slow answers within the timeout change nothing', async () => {
    const world = await openWorld();
    world.sandbox.signon.faults.delayResponses(200);
    await rotateExactlyOnce(world);
  });

  test('a create that worked but lost its answer is adopted, not repeated', async () => {
    const world = await openWorld();
    world.sandbox.signon.faults.loseNextCreateResponse();
    await rotateExactlyOnce(world);
  });

  test('a revoke that worked but lost its answer is not counted twice', async () => {
    const world = await openWorld();
    world.sandbox.signon.faults.loseNextRevokeResponse();
    const result = await rotateExactlyOnce(world);
    expect(result.revokedTokenIds).toEqual(oldTokenIds(world).filter((id) => id !== result.newToken?.id));
  });
});

describe('Kubernetes faults', () => {
  const openWorld = worldPerTest();

  test('watch streams dropped mid-job and 410 Gone on resume are re-established', async () => {
    const world = await openWorld();
    // The first watch (on the sync Job) is dropped; resuming it from its resourceVersion gets 410.
    Object.assign(world.sandbox.kubernetes.faults, { dropNextWatches: 1, expireNextWatches: 1 });
    await rotateExactlyOnce(world);
    expect(world.sandbox.kubernetes.faults).toMatchObject({ dropNextWatches: 0, expireNextWatches: 0 });
  });

  test('a 409 on Job create adopts the Job: one sync, not two', async () => {
    const world = await openWorld();
    world.sandbox.kubernetes.faults.conflictNextJobCreates = 1;
    await rotateExactlyOnce(world);
    expect(world.sandbox.kubernetes.faults.conflictNextJobCreates).toBe(0);
    const jobs = world.sandbox.kubernetes.state.store.list('Job', 'apps').filter((job) => job.metadata.name.includes('-rot-'));
    expect(jobs).toHaveLength(1);
  });

  test('a pod replaced during exec is read again from the fresh pod list', async () => {
    const world = await openWorld();
    world.sandbox.kubernetes.faults.replaceNextExecPods = 1;
    await rotateExactlyOnce(world);
    expect(world.sandbox.kubernetes.faults.replaceNextExecPods).toBe(0);
  });

  test('a rollout that never finishes fails the rotation: the old token stays, and so does the new one pods may read', async () => {
    const world = await openWorld({ sandbox: { kubernetesTiming: { jobDurationMs: 200, podStartDelayMs: 100, rolloutStepDelayMs: 100, podTerminationMs: 100, progressDeadlineMs: 1_000 } } });
    world.sandbox.kubernetes.faults.stallRollouts = true;
    const handle = await world.start(INTERNAL);
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toMatch(/waitForHealthy.*exceeded its progress deadline/);
    const rows = tokenRows(world.sandbox, INTERNAL.apiUser, APPLICATION);
    expect(eventsOfType(rows, 'token-created')).toHaveLength(1);
    expect(eventsOfType(rows, 'token-revoked')).toEqual([]);
    expectNoRevokedTokenInUse(world.sandbox);
  });
});

describe('server API faults', () => {
  const openWorld = worldPerTest();

  test('5xx from the server API are retried', async () => {
    const world = await openWorld();
    world.sandbox.publishingApi.faults.forceStatus(503, 2);
    await rotateExactlyOnce(world);
  });

  test('an unanswered smoke call times out and is retried', async () => {
    const world = await openWorld(QUICK_TIMEOUTS);
    world.sandbox.publishingApi.faults.hangNext(1);
    await rotateExactlyOnce(world);
    expect(world.sandbox.publishingApi.faults.state().hangNext).toBe(0);
  });
});
