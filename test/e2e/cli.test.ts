/**
 * The CLI as a person uses it, as real processes against a real worker and the sandbox:
 * an external consumer's rotation from start to revocation, with the token handed over
 * through an owner-only file and never printed.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { statusQuery } from '../../workflows/messages.js';
import { openCliHarness, type CliHarness } from '../support/cli-process.js';
import { issuedTokens, leakedTokens } from '../support/secrets.js';
import { eventsOfType, tokenRows } from '../support/signon-inspection.js';
import { bundleRotationWorkflow, closeConnections, openRotationWorld, rotationWorkflowId, type RotationWorld } from '../support/rotation-world.js';

const EXTERNAL = { environment: 'production', apiUser: 'customs-guidance-publisher@hmrc.gov.uk', application: 'publishing-api' } as const;

describe('the rotation CLI', () => {
  let world: RotationWorld;
  let cli: CliHarness;

  beforeAll(async () => {
    await bundleRotationWorkflow();
    world = await openRotationWorld();
    cli = await openCliHarness(world);
  });

  afterAll(async () => {
    await cli?.close();
    await world?.close();
    await closeConnections();
  });

  test('bad arguments exit 2 with a message naming what is wrong', async () => {
    const badEnvironment = await cli.run('start', '--environment', 'prod', '--api-user', EXTERNAL.apiUser, '--application', 'publishing-api');
    expect(badEnvironment.code).toBe(2);
    expect(badEnvironment.stderr).toContain("argument 'prod' is invalid");
    const badEmail = await cli.run('start', '--environment', 'production', '--api-user', 'hmrc', '--application', 'publishing-api');
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain('"hmrc" is not an email address');
    const blankApprover = await cli.run('approve', 'some-id', '--by', ' ');
    expect(blankApprover.code).toBe(2);
    expect(blankApprover.stderr).toContain('must name a person');
    const unknownCommand = await cli.run('rotate-everything');
    expect(unknownCommand.code).toBe(2);
    expect(eventsOfType(tokenRows(world.sandbox, EXTERNAL.apiUser, 'Publishing API'), 'token-created')).toEqual([]);
  });

  test('an external consumer is rotated: hand-over through a file, confirmation, approval, revocation', async () => {
    const workflowId = rotationWorkflowId(EXTERNAL);
    const oldIds = tokenRows(world.sandbox, EXTERNAL.apiUser, 'Publishing API').tokens.map((token) => token.id);

    const started = await cli.run('start', '--environment', 'production', '--api-user', EXTERNAL.apiUser, '--application', 'publishing-api');
    expect(started).toMatchObject({ code: 0, stdout: `Started: ${workflowId}\n` });
    const handle = world.client.workflow.getHandle(workflowId);
    const awaiting = await world.waitForStep(handle, 'awaitHandover');
    expect(awaiting.consumerKind).toBe('external');
    expect(awaiting.steps.map((step) => step.step)).not.toContain('runSyncJob');

    const listed = await cli.run('list', '--step', 'awaitHandover');
    expect(listed.stdout).toContain(`${workflowId}  RUNNING  step=awaitHandover`);

    const tokenFile = path.join(cli.dataDir, 'token-for-hmrc.txt');
    const handedOver = await cli.run('handover-token', workflowId, '--out', tokenFile);
    expect(handedOver.code).toBe(0);
    expect(handedOver.stdout).toContain(awaiting.newToken?.fingerprint);
    const newRow = tokenRows(world.sandbox, EXTERNAL.apiUser, 'Publishing API').tokens.find((token) => token.id === awaiting.newToken?.id);
    expect((await readFile(tokenFile, 'utf8')).trim()).toBe(newRow?.token);
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    // A second hand-over must not overwrite the file the person may already have sent.
    expect((await cli.run('handover-token', workflowId, '--out', tokenFile)).code).toBe(1);

    // The CLI approves through an update, whose validator refuses an early approval outright.
    const early = await cli.run('approve', workflowId, '--by', 'erin');
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('approval by erin refused: arrived before verification finished');
    expect((await handle.query(statusQuery)).decisions).toEqual([]);

    expect((await cli.run('confirm-handover', workflowId, '--by', 'frank')).code).toBe(0);
    await world.waitForStep(handle, 'awaitApproval');
    expect((await cli.run('approve', workflowId, '--by', 'grace')).code).toBe(0);
    expect((await handle.result()).outcome).toBe('rotated');

    const shown = await cli.run('show', workflowId);
    expect(shown.stdout).toContain('outcome: rotated');
    expect(shown.stdout).toContain('confirmHandover by frank: accepted');

    const rows = tokenRows(world.sandbox, EXTERNAL.apiUser, 'Publishing API');
    expect(eventsOfType(rows, 'token-created')).toEqual([awaiting.newToken?.id]);
    expect(eventsOfType(rows, 'token-revoked')).toEqual(oldIds);
  });

  test('nothing any CLI run printed contains a token', () => {
    expect(cli.output.join('').length).toBeGreaterThan(0);
    expect(leakedTokens(cli.output.join('\n'), issuedTokens(world.sandbox))).toEqual([]);
  });
});
