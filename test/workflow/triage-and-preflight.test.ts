/** Tokens the rotation must not rotate, and the ones it offers to revoke instead. */
import { describe, expect, test } from '@jest/globals';
import { approveSignal, chooseDisusedActionSignal, statusQuery } from '../../workflows/messages.js';
import { eventsOfType, tokenRows } from '../support/signon-inspection.js';
import { worldPerTest } from '../support/rotation-world.js';

describe('triage and preflight', () => {
  const openWorld = worldPerTest();

  test.each([
    ['staging', 'short-url-manager@alphagov.co.uk', 'publishing-api', 'ignored', 'staging'],
    ['production', 'trade-tariff-admin@trade-tariff.service.gov.uk', 'trade-tariff-backend', 'handed-to-person', 'Trade Tariff'],
    // Only Signon knows this user's name, so this one is caught after preflight.
    ['production', 'signon+permissions@alphagov.co.uk', 'content-publisher', 'ignored', 'rotates its own token'],
  ])('%s %s %s: no token created, reason recorded', async (environment, apiUser, application, outcome, reason) => {
    const world = await openWorld();
    const handle = await world.start({ environment: environment as 'staging' | 'production', apiUser, application, trigger: 'test' });
    const result = await handle.result();
    expect(result.outcome).toBe(outcome);
    expect(result.reason).toContain(reason);
    const changes = world.sandbox.signon.store.events().filter((event) => event.type === 'token-created' || event.type === 'token-revoked');
    expect(changes).toEqual([]);
    expect((await handle.query(statusQuery)).outcomeReason).toContain(reason);
  });

  test('a token already rotated is a no-op, so a re-sent alert changes nothing', async () => {
    const world = await openWorld();
    const input = { environment: 'production', apiUser: 'short-url-manager@alphagov.co.uk', application: 'publishing-api', trigger: 'test' } as const;
    const first = await world.start(input);
    await world.waitForStep(first, 'awaitApproval');
    await first.signal(approveSignal, { by: 'alice' });
    expect((await first.result()).outcome).toBe('rotated');

    const second = await world.start(input);
    const result = await second.result();
    expect(result.outcome).toBe('already-rotated');
    const rows = tokenRows(world.sandbox, input.apiUser, 'Publishing API');
    expect(eventsOfType(rows, 'token-created')).toHaveLength(1);
  });

  test('a disused token is offered for revoke-only; choosing it revokes without creating', async () => {
    const world = await openWorld();
    const apiUser = 'specialist-publisher-rebuild@alphagov.co.uk';
    const oldIds = tokenRows(world.sandbox, apiUser, 'Publishing API').tokens.map((token) => token.id);
    const handle = await world.start({ environment: 'production', apiUser, application: 'publishing-api', trigger: 'test' });
    const asking = await world.waitForStep(handle, 'awaitDisusedDecision');
    expect(asking.summary).toContain('revoke-only');
    await handle.signal(chooseDisusedActionSignal, { by: 'dora', choice: 'revoke-only' });
    const result = await handle.result();
    expect(result.outcome).toBe('revoked-disused');
    expect(result.reason).toContain('revoke-only chosen by dora');
    const rows = tokenRows(world.sandbox, apiUser, 'Publishing API');
    expect(eventsOfType(rows, 'token-created')).toEqual([]);
    expect(eventsOfType(rows, 'token-revoked')).toEqual(oldIds);
  });

  test('a disused token can be rotated anyway: the rotation goes on to create a token', async () => {
    const world = await openWorld();
    const apiUser = 'specialist-publisher-rebuild@alphagov.co.uk';
    const handle = await world.start({ environment: 'production', apiUser, application: 'publishing-api', trigger: 'test' });
    await world.waitForStep(handle, 'awaitDisusedDecision');
    await handle.signal(chooseDisusedActionSignal, { by: 'dora', choice: 'rotate' });
    // No Deployment reads this user's Secret, so the rotation cannot prove a consumer switched
    // and stops before approval; what matters here is that "rotate" went on to create a token.
    await handle.result().catch(() => undefined);
    const status = await handle.query(statusQuery);
    expect(status.steps.map((step) => step.step)).toEqual(expect.arrayContaining(['awaitDisusedDecision', 'createToken', 'runSyncJob']));
    expect(status.decisions).toEqual([expect.objectContaining({ kind: 'chooseDisusedAction', by: 'dora', accepted: true, note: 'rotate' })]);
    const rows = tokenRows(world.sandbox, apiUser, 'Publishing API');
    expect(eventsOfType(rows, 'token-created')).toHaveLength(1);
    expect(eventsOfType(rows, 'token-revoked')).toEqual([]);
  });
});
