/** Failures end a rotation safely: nothing a consumer uses is revoked, and the failure says why. */
import { describe, expect, test } from '@jest/globals';
import { WorkflowFailedError } from '@temporalio/client';
import { statusQuery } from '../../workflows/messages.js';
import { approveSignal } from '../../workflows/messages.js';
import { eventsOfType, tokenRows } from '../support/signon-inspection.js';
import { worldPerTest } from '../support/rotation-world.js';

const INTERNAL = { environment: 'production', apiUser: 'short-url-manager@alphagov.co.uk', application: 'publishing-api', trigger: 'test' } as const;

async function failureMessage(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => { throw new Error('the rotation succeeded but should have failed'); },
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(WorkflowFailedError);
  return (error as WorkflowFailedError).cause?.message ?? '';
}

describe('failures', () => {
  const openWorld = worldPerTest();

  test('a smoke call answered 401 fails verification at once: no approval asked, nothing revoked', async () => {
    const world = await openWorld();
    world.sandbox.publishingApi.faults.forceStatus(401, 100);
    const handle = await world.start(INTERNAL);
    const message = await failureMessage(handle.result());
    expect(message).toContain('apiSmokeCall');
    expect(message).toContain('401');
    const status = await handle.query(statusQuery);
    expect(status.steps.map((step) => step.step)).not.toContain('awaitApproval');
    expect(status.outcome).toBe('failed');
    const rows = tokenRows(world.sandbox, INTERNAL.apiUser, 'Publishing API');
    expect(eventsOfType(rows, 'token-revoked')).toEqual([]);
    // A 401 is final: one smoke call, no retries.
    const smokeSteps = status.steps.filter((step) => step.step === 'apiSmokeCall');
    expect(smokeSteps).toHaveLength(1);
  });

  test('a failed sync Job ends the rotation naming the Job, and nothing is revoked', async () => {
    const world = await openWorld();
    world.sandbox.kubernetes.faults.failNextSyncJobs = 1;
    const handle = await world.start(INTERNAL);
    const message = await failureMessage(handle.result());
    expect(message).toMatch(/runSyncJob.*Job apps\/signon-sync-token-secrets-to-k8s-rot-[0-9a-f]{10}/);
    const rows = tokenRows(world.sandbox, INTERNAL.apiUser, 'Publishing API');
    expect(eventsOfType(rows, 'token-revoked')).toEqual([]);
  });

  test('a lost createToken response is retried and adopts the token it made: exactly one new token', async () => {
    const world = await openWorld();
    world.sandbox.signon.faults.loseNextCreateResponse();
    const handle = await world.start(INTERNAL);
    const awaiting = await world.waitForStep(handle, 'awaitApproval');
    const rows = tokenRows(world.sandbox, INTERNAL.apiUser, 'Publishing API');
    expect(eventsOfType(rows, 'token-created')).toEqual([awaiting.newToken?.id]);
    await handle.signal(approveSignal, { by: 'alice' });
    expect((await handle.result()).outcome).toBe('rotated');
  });

  test('a create Signon finishes after the client gave up leaves one live new token: the one the pods use', async () => {
    const world = await openWorld({ config: { HTTP_TIMEOUT_MS: '1000' } });
    const rowsNow = () => tokenRows(world.sandbox, INTERNAL.apiUser, 'Publishing API');
    const oldIds = rowsNow().tokens.map((token) => token.id);
    // The first create times out at the client and lands 3 s later, after the retry made its own.
    world.sandbox.signon.faults.lateNextCreate(3000);
    world.sandbox.kubernetes.faults.holdJobs = true;
    const handle = await world.start(INTERNAL);
    for (let waited = 0; eventsOfType(rowsNow(), 'token-created').length < 2; waited += 100) {
      if (waited > 30_000) throw new Error('the late create never landed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    world.sandbox.kubernetes.faults.holdJobs = false;

    const [retried, late] = eventsOfType(rowsNow(), 'token-created');
    const awaiting = await world.waitForStep(handle, 'awaitApproval');
    // The late token expires last, so the sync wrote it: the rotation keeps that one.
    expect(awaiting.newToken?.id).toBe(late);
    await handle.signal(approveSignal, { by: 'alice' });
    const result = await handle.result();
    expect(result.outcome).toBe('rotated');
    expect(result.reason).toContain('1 unused duplicate');

    const rows = rowsNow();
    expect(eventsOfType(rows, 'token-revoked').sort()).toEqual([...oldIds, retried].sort());
    expect(rows.tokens.filter((token) => token.revokedAt === null).map((token) => token.id)).toEqual([late]);
    const lateText = rows.tokens.find((token) => token.id === late)?.token;
    for (const pod of world.sandbox.kubernetes.listPods('short-url-manager').filter((candidate) => !candidate.terminating)) {
      expect(pod.env.app?.PUBLISHING_API_BEARER_TOKEN).toBe(lateText);
    }
  });

  test('approval after the new token stopped being live in Signon revokes nothing', async () => {
    const world = await openWorld();
    const oldIds = tokenRows(world.sandbox, INTERNAL.apiUser, 'Publishing API').tokens.map((token) => token.id);
    const handle = await world.start(INTERNAL);
    const awaiting = await world.waitForStep(handle, 'awaitApproval');
    const newId = awaiting.newToken?.id ?? '';
    // Days may pass at the gate: here someone revoked the new token in Signon meanwhile.
    world.sandbox.signon.store.revokeToken(newId);
    await handle.signal(approveSignal, { by: 'alice' });
    const message = await failureMessage(handle.result());
    expect(message).toContain(`the token consumers now use (${newId}) is not live in Signon; nothing was revoked`);
    const rows = tokenRows(world.sandbox, INTERNAL.apiUser, 'Publishing API');
    for (const id of oldIds) expect(rows.tokens.find((token) => token.id === id)?.revokedAt).toBeNull();
  });

  test('bad input from the Web UI fails at once, naming the field, and creates nothing', async () => {
    const world = await openWorld();
    const handle = await world.client.workflow.start('rotateSignonToken', {
      taskQueue: world.taskQueue,
      workflowId: `bad-input-${Date.now()}`,
      args: [{ environment: 'prod', apiUser: 'not-an-email', application: 'publishing-api' }],
    });
    const message = await failureMessage(handle.result());
    expect(message).toContain('environment');
    expect(message).toContain('apiUser');
    expect(world.sandbox.signon.store.events().filter((event) => event.type === 'token-created')).toEqual([]);
  });
});
