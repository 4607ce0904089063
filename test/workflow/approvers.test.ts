/** Who may approve: the configured approver list, enforced on the CLI's update and the UI's signal. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createCliActions } from '../../src/cli/actions.js';
import { approveSignal, chooseDisusedActionSignal, statusQuery } from '../../workflows/messages.js';
import { eventsOfType, tokenRows } from '../support/signon-inspection.js';
import { bundleRotationWorkflow, closeConnections, openRotationWorld, type RotationWorld } from '../support/rotation-world.js';

const ROTATION = {
  environment: 'production',
  apiUser: 'short-url-manager@alphagov.co.uk',
  application: 'publishing-api',
  trigger: 'test',
  startedBy: 'bob',
} as const;

describe('approver list', () => {
  let world: RotationWorld;

  beforeAll(async () => {
    await bundleRotationWorkflow();
    world = await openRotationWorld({ config: { APPROVERS_PRODUCTION: 'alice, bob', APPROVER_NOT_STARTER: 'true' } });
  });
  afterAll(async () => {
    await world?.close();
    await closeConnections();
  });

  test('refuses unlisted approvers and the starter, keeps waiting, then accepts a listed approver', async () => {
    const printed: string[] = [];
    const cli = createCliActions({
      client: world.client,
      starter: world.starter,
      print: (line) => printed.push(line),
      signon: () => Promise.reject(new Error('not needed')),
    });
    const handle = await world.start(ROTATION);
    const awaiting = await world.waitForStep(handle, 'awaitApproval');
    expect(awaiting.approvalRule).toEqual({ environment: 'production', approvers: ['alice', 'bob'], notStarter: true });

    // The CLI's update: refused by the validator, so nothing reaches history.
    await expect(cli.approve(handle.workflowId, 'mallory')).rejects.toThrow(
      'approval by mallory refused: mallory is not on the approver list for production; the rotation keeps waiting',
    );
    await expect(cli.approve(handle.workflowId, 'bob')).rejects.toThrow('bob started this rotation and may not also approve it');

    // The UI's signal cannot be refused by Temporal: it is recorded as refused instead.
    await handle.signal(approveSignal, { by: 'eve' });
    const stillWaiting = await handle.query(statusQuery);
    expect(stillWaiting.currentStep).toBe('awaitApproval');
    expect(stillWaiting.decisions).toEqual([
      expect.objectContaining({ kind: 'approve', by: 'eve', accepted: false, note: 'eve is not on the approver list for production' }),
    ]);
    const history = await handle.fetchHistory();
    expect(history.events?.filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)).toEqual([]);
    expect(eventsOfType(tokenRows(world.sandbox, ROTATION.apiUser, 'Publishing API'), 'token-revoked')).toEqual([]);

    await cli.approve(handle.workflowId, 'Alice');
    expect(printed).toEqual([`Approved by Alice: ${handle.workflowId} now revokes the old token.`]);
    const result = await handle.result();
    expect(result.outcome).toBe('rotated');
    expect(result.reason).toContain('approved by Alice');
    const finished = await handle.query(statusQuery);
    expect(finished.decisions.map(({ by, accepted }) => ({ by, accepted }))).toEqual([
      { by: 'eve', accepted: false },
      { by: 'Alice', accepted: true },
    ]);
  });
  test('choosing revoke-only for a disused token is an approval: an unlisted person is refused', async () => {
    const apiUser = 'specialist-publisher-rebuild@alphagov.co.uk';
    const handle = await world.start({ ...ROTATION, apiUser });
    await world.waitForStep(handle, 'awaitDisusedDecision');
    await handle.signal(chooseDisusedActionSignal, { by: 'mallory', choice: 'revoke-only' });
    const stillAsking = await handle.query(statusQuery);
    expect(stillAsking.currentStep).toBe('awaitDisusedDecision');
    expect(stillAsking.decisions).toEqual([
      expect.objectContaining({ kind: 'chooseDisusedAction', by: 'mallory', accepted: false, note: expect.stringContaining('not on the approver list') }),
    ]);
    expect(eventsOfType(tokenRows(world.sandbox, apiUser, 'Publishing API'), 'token-revoked')).toEqual([]);

    await handle.signal(chooseDisusedActionSignal, { by: 'alice', choice: 'revoke-only' });
    const result = await handle.result();
    expect(result.outcome).toBe('revoked-disused');
    expect(result.reason).toContain('revoke-only chosen by alice');
  });
});
