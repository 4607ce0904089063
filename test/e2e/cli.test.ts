/**
 * The CLI as a person uses it, as real processes against a real worker and the sandbox:
 * an external consumer's rotation from start to revocation, with the token handed over
 * through an owner-only file and never printed; refused decisions reported as refused; and
 * a CLI that cannot find the stack saying so instead of sending what no worker can read.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { statusQuery } from '../../workflows/messages.js';
import { openCliHarness, type CliHarness } from '../support/cli-process.js';
import { issuedTokens, leakedTokens } from '../support/secrets.js';
import { eventsOfType, tokenRows } from '../support/signon-inspection.js';
import { bundleRotationWorkflow, closeConnections, openRotationWorld, rotationWorkflowId, type RotationWorld } from '../support/rotation-world.js';

const EXTERNAL = { environment: 'production', apiUser: 'customs-guidance-publisher@hmrc.gov.uk', application: 'publishing-api' } as const;
const INTERNAL = { environment: 'production', apiUser: 'short-url-manager@alphagov.co.uk', application: 'publishing-api', trigger: 'test' } as const;

/** A local port nobody listens on: bound and released at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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

    // Signals cannot be refused by Temporal: the CLI reads the rotation's record of them back.
    const wrongQuestion = await cli.run('choose', workflowId, '--action', 'rotate', '--by', 'frank');
    expect(wrongQuestion.code).toBe(1);
    expect(wrongQuestion.stderr).toContain('refused: the rotation is not asking about a disused token');
    const confirmed = await cli.run('confirm-handover', workflowId, '--by', 'frank');
    expect(confirmed).toMatchObject({ code: 0, stdout: `Hand-over confirmation by frank for ${workflowId}: accepted\n` });
    await world.waitForStep(handle, 'awaitApproval');
    const again = await cli.run('confirm-handover', workflowId, '--by', 'frank');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('refused: the rotation is not waiting for a hand-over');

    // Someone who confirmed first can still fetch the token; a relative --out is taken from
    // where npm was run (INIT_CWD), not from the repository npm run switches to.
    const fetchedLate = await cli.runWith({ INIT_CWD: cli.dataDir }, 'handover-token', workflowId, '--out', 'fetched-late.txt');
    expect(fetchedLate.code).toBe(0);
    expect(fetchedLate.stdout).toContain(`to ${path.join(cli.dataDir, 'fetched-late.txt')} (mode 600)`);
    expect((await readFile(path.join(cli.dataDir, 'fetched-late.txt'), 'utf8')).trim()).toBe(newRow?.token);

    expect((await cli.run('approve', workflowId, '--by', 'grace')).code).toBe(0);
    expect((await handle.result()).outcome).toBe('rotated');
    const afterwards = await cli.run('handover-token', workflowId, '--out', path.join(cli.dataDir, 'too-late.txt'));
    expect(afterwards.code).toBe(1);
    expect(afterwards.stderr).toContain(`${workflowId} has finished (rotated): there is nothing to hand over`);

    const shown = await cli.run('show', workflowId);
    expect(shown.stdout).toContain('outcome: rotated');
    expect(shown.stdout).toContain('confirmHandover by frank: accepted');

    const rows = tokenRows(world.sandbox, EXTERNAL.apiUser, 'Publishing API');
    expect(eventsOfType(rows, 'token-created')).toEqual([awaiting.newToken?.id]);
    expect(eventsOfType(rows, 'token-revoked')).toEqual(oldIds);
  });

  test('a rejection is reported as accepted once the rotation has recorded it', async () => {
    const handle = await world.start(INTERNAL);
    const rejected = await cli.run('reject', handle.workflowId, '--by', 'heidi', '--reason', 'not today');
    expect(rejected).toMatchObject({ code: 0, stdout: `Rejection by heidi of ${handle.workflowId}: accepted\n` });
    expect((await handle.result()).outcome).toBe('rejected');
  });

  test('list into a reader that stops early (| head) exits 0 quietly', async () => {
    const piped = await cli.runClosingStdout('list');
    expect(piped).toMatchObject({ code: 0, stderr: '' });
  });

  test('without a running stack the CLI says where it looked, and never makes a key', async () => {
    const wrongDir = await mkdtemp(path.join(tmpdir(), 'rotation-cli-wrong-'));
    try {
      const noStack = await cli.runWith({ DATA_DIR: wrongDir }, 'start', '--environment', 'production', '--api-user', EXTERNAL.apiUser, '--application', 'publishing-api');
      expect(noStack.code).toBe(1);
      expect(noStack.stderr).toContain(
        `no running stack found in ${wrongDir} (start one with npm start, or set DATA_DIR to the one npm start uses, or TEMPORAL_ADDRESS)`,
      );
      const noKey = await cli.runWith({ DATA_DIR: wrongDir, TEMPORAL_ADDRESS: '127.0.0.1:1', CODEC_KEYS: undefined }, 'list');
      expect(noKey.code).not.toBe(0);
      expect(noKey.stderr).toContain(`${path.join(wrongDir, 'codec.key')} does not exist`);
      expect(noKey.stderr).toContain('CODEC_KEYS');
      expect(await readdir(wrongDir)).toEqual([]);
    } finally {
      await rm(wrongDir, { recursive: true, force: true });
    }
    const address = `127.0.0.1:${await closedPort()}`;
    const unreachable = await cli.runWith({ TEMPORAL_ADDRESS: address }, 'list');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`cannot reach Temporal at ${address} (from TEMPORAL_ADDRESS)`);
    expect(unreachable.stderr).toContain('Fix TEMPORAL_ADDRESS, or unset it');
  });

  test('nothing any CLI run printed contains a token', () => {
    expect(cli.output.join('').length).toBeGreaterThan(0);
    expect(leakedTokens(cli.output.join('\n'), issuedTokens(world.sandbox))).toEqual([]);
  });
});
