/** What people say to a rotation, and when it counts. Real Temporal server, sandbox GOV.UK. */
import { describe, expect, test } from '@jest/globals';
import { approveSignal, rejectSignal, statusQuery } from '../../workflows/messages.js';
import { eventsOfType, tokenRows } from '../support/signon-inspection.js';
import { worldPerTest } from '../support/rotation-world.js';

const INTERNAL = { environment: 'production', apiUser: 'short-url-manager@alphagov.co.uk', application: 'publishing-api', trigger: 'test' } as const;
const EXTERNAL = { environment: 'production', apiUser: 'customs-guidance-publisher@hmrc.gov.uk', application: 'publishing-api', trigger: 'test' } as const;

describe('people and the approval gate', () => {
  const openWorld = worldPerTest();

  test('an approval sent before verification finished is recorded and ignored', async () => {
    const world = await openWorld();
    const handle = await world.start(INTERNAL);
    await handle.signal(approveSignal, { by: 'eager' });
    const awaiting = await world.waitForStep(handle, 'awaitApproval');
    expect(awaiting.decisions).toEqual([
      expect.objectContaining({ kind: 'approve', by: 'eager', accepted: false, note: expect.stringContaining('before verification finished') }),
    ]);
    const rows = tokenRows(world.sandbox, INTERNAL.apiUser, 'Publishing API');
    expect(eventsOfType(rows, 'token-revoked')).toEqual([]);

    await handle.signal(approveSignal, { by: 'patient' });
    const result = await handle.result();
    expect(result.outcome).toBe('rotated');
    expect(result.reason).toContain('approved by patient');
  });

  test('an approval naming nobody is refused and the rotation keeps waiting', async () => {
    const world = await openWorld();
    const handle = await world.start(INTERNAL);
    await world.waitForStep(handle, 'awaitApproval');
    await handle.signal(approveSignal, { by: '   ' });
    const status = await handle.query(statusQuery);
    expect(status.currentStep).toBe('awaitApproval');
    expect(status.decisions.at(-1)).toMatchObject({ kind: 'approve', accepted: false, note: expect.stringContaining('by') });
  });

  test('rejecting an internal rotation after the switch keeps both tokens: consumers already use the new one', async () => {
    const world = await openWorld();
    const handle = await world.start(INTERNAL);
    await world.waitForStep(handle, 'awaitApproval');
    await handle.signal(rejectSignal, { by: 'bob', reason: 'change freeze' });
    const result = await handle.result();
    expect(result.outcome).toBe('rejected');
    expect(result.reason).toContain('Rejected by bob: change freeze');
    expect(result.reason).toContain('stays live because consumers may already use it');
    const rows = tokenRows(world.sandbox, INTERNAL.apiUser, 'Publishing API');
    expect(eventsOfType(rows, 'token-revoked')).toEqual([]);
  });

  test('rejecting before anyone can use the new token keeps the old one and revokes the unused new one', async () => {
    const world = await openWorld();
    const oldIds = tokenRows(world.sandbox, EXTERNAL.apiUser, 'Publishing API').tokens.map((token) => token.id);
    const handle = await world.start(EXTERNAL);
    const awaiting = await world.waitForStep(handle, 'awaitHandover');
    await handle.signal(rejectSignal, { by: 'carol' });
    const result = await handle.result();
    expect(result.outcome).toBe('rejected');
    expect(result.revokedTokenIds).toEqual([awaiting.newToken?.id]);
    const rows = tokenRows(world.sandbox, EXTERNAL.apiUser, 'Publishing API');
    expect(eventsOfType(rows, 'token-revoked')).toEqual([awaiting.newToken?.id]);
    for (const id of oldIds) expect(rows.tokens.find((token) => token.id === id)?.revokedAt).toBeNull();
  });

  test('when nobody approves in time the rotation ends without revoking and says it timed out', async () => {
    const world = await openWorld();
    const handle = await world.start({ ...INTERNAL, approvalTimeoutSeconds: 2 });
    const result = await handle.result();
    expect(result.outcome).toBe('approval-timed-out');
    expect(result.reason).toContain('No approval within 2 s');
    const status = await handle.query(statusQuery);
    expect(status.steps.find((step) => step.step === 'awaitApproval')).toMatchObject({ outcome: 'failed', detail: 'timed out' });
    const rows = tokenRows(world.sandbox, INTERNAL.apiUser, 'Publishing API');
    expect(eventsOfType(rows, 'token-revoked')).toEqual([]);
  });
});
