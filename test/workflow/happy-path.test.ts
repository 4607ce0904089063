/**
 * The runbook's example, end to end on the real Temporal dev server against the sandbox:
 * short-url-manager's Publishing API token in production.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { approveSignal, statusQuery } from '../../workflows/messages.js';
import { allText, issuedTokens, leakedTokens } from '../support/secrets.js';
import { eventsOfType, tokenRows } from '../support/signon-inspection.js';
import { bundleRotationWorkflow, closeConnections, openRotationWorld, type RotationWorld } from '../support/rotation-world.js';
import type { RotationResult } from '../../workflows/rotate-signon-token.js';

const API_USER = 'short-url-manager@alphagov.co.uk';
const SECRET = 'signon-token-short-url-manager-publishing-api';

describe('a production rotation of an internal consumer', () => {
  let world: RotationWorld;
  let result: RotationResult;
  let oldTokenIds: string[];
  let workflowId: string;

  beforeAll(async () => {
    await bundleRotationWorkflow();
    world = await openRotationWorld();
    oldTokenIds = tokenRows(world.sandbox, API_USER, 'Publishing API').tokens.map((token) => token.id);
    const handle = await world.start({ environment: 'production', apiUser: API_USER, application: 'publishing-api', trigger: 'test' });
    workflowId = handle.workflowId;
    await world.waitForStep(handle, 'awaitApproval');
    await handle.signal(approveSignal, { by: 'alice' });
    result = await handle.result();
  });

  afterAll(async () => {
    await world?.close();
    await closeConnections();
  });

  test('ends rotated, naming who approved', () => {
    expect(result.outcome).toBe('rotated');
    expect(result.reason).toContain('approved by alice');
    expect(result.revokedTokenIds).toEqual(oldTokenIds);
  });

  test('creates exactly one token and revokes exactly the old one, once', () => {
    const rows = tokenRows(world.sandbox, API_USER, 'Publishing API');
    expect(eventsOfType(rows, 'token-created')).toEqual([result.newToken?.id]);
    expect(eventsOfType(rows, 'token-revoked')).toEqual(oldTokenIds);
    const newRow = rows.tokens.find((token) => token.id === result.newToken?.id);
    expect(newRow?.revokedAt).toBeNull();
  });

  test('leaves the Secret and every running consumer pod on the new token', () => {
    const rows = tokenRows(world.sandbox, API_USER, 'Publishing API');
    const newText = rows.tokens.find((token) => token.id === result.newToken?.id)?.token;
    expect(newText).toBeDefined();
    expect(world.sandbox.kubernetes.readSecretValue(SECRET)).toBe(newText);
    for (const deployment of ['short-url-manager', 'short-url-manager-worker']) {
      const pods = world.sandbox.kubernetes.listPods(deployment).filter((pod) => !pod.terminating);
      expect(pods.length).toBeGreaterThan(0);
      for (const pod of pods) expect(pod.env.app?.PUBLISHING_API_BEARER_TOKEN).toBe(newText);
    }
  });

  test('the status query tells the whole story in order, with fingerprints', async () => {
    const status = await world.client.workflow.getHandle(workflowId).query(statusQuery);
    expect(status.steps.map((step) => `${step.step}:${step.outcome}`)).toEqual([
      'triage:succeeded',
      'preflight:succeeded',
      'createToken:succeeded',
      'runSyncJob:succeeded',
      'waitForHealthy:succeeded',
      'verifyEnv:succeeded',
      'apiSmokeCall:succeeded',
      'awaitApproval:succeeded',
      'revokeOld:succeeded',
    ]);
    expect(status.newToken?.fingerprint).toMatch(/^fp:[0-9a-f]{12}$/);
    expect(status.decisions).toEqual([expect.objectContaining({ kind: 'approve', by: 'alice', accepted: true })]);
    expect(status.outcome).toBe('rotated');
  });

  test('search attributes record environment, user, application, step and outcome', async () => {
    const description = await world.client.workflow.getHandle(workflowId).describe();
    expect(description.searchAttributes).toMatchObject({
      RotationEnvironment: ['production'],
      RotationApiUser: [API_USER],
      RotationApplication: ['publishing-api'],
      RotationStep: ['done'],
      RotationOutcome: ['rotated'],
    });
  });

  test('no token text appears in the raw history, the description or the worker logs', async () => {
    const handle = world.client.workflow.getHandle(workflowId);
    const tokens = issuedTokens(world.sandbox);
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    const history = allText(await handle.fetchHistory());
    // Payloads are encrypted, so even the fingerprint is unreadable without the codec
    // (test/security/no-token-anywhere.test.ts decodes the same history and searches it again).
    expect(history).toContain('binary/encrypted');
    expect(history).not.toContain(result.newToken?.fingerprint);
    expect(leakedTokens(history, tokens)).toEqual([]);
    expect(leakedTokens(allText(await handle.describe()), tokens)).toEqual([]);
    expect(world.logLines.length).toBeGreaterThan(0);
    expect(leakedTokens(world.logLines.join('\n'), tokens)).toEqual([]);
  });
});
