/**
 * The README's "Operate from the Temporal Web UI", done by a browser: a person signs in to the
 * codec server, points the UI at it, starts a rotation through the Start Workflow form, finds it
 * in the list filtered by search attributes, reads what it waits for, approves it with the Send
 * a Signal dialog and sees it complete; bad input typed into the form fails the workflow at once.
 * The worker is real (its own task queue on the shared dev server), so is the sandbox GOV.UK.
 * Screenshots of each stage: test-output/ui/.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { AesGcmPayloadCodec } from '../../src/codec/aes-gcm-codec.js';
import { parseCodecKeys } from '../../src/codec/keys.js';
import { startCodecServer, type RunningCodecServer } from '../../src/codec-server/server.js';
import { createLogger } from '../../src/log.js';
import { WORKFLOW_TYPE } from '../../src/temporal/names.js';
import { rotationSummary } from '../../src/temporal/rotation-starter.js';
import { statusQuery } from '../../workflows/messages.js';
import type { RotationResult } from '../../workflows/rotate-signon-token.js';
import { openBrowser, type TestBrowser } from '../support/browser.js';
import { eventsOfType, tokenRows } from '../support/signon-inspection.js';
import { testNamespace } from '../support/temporal.js';
import * as webUi from '../support/temporal-web-ui.js';
import {
  bundleRotationWorkflow,
  closeConnections,
  CODEC_KEYS,
  openRotationWorld,
  rotationWorkflowId,
  type RotationWorld,
} from '../support/rotation-world.js';

const API_USER = 'short-url-manager@alphagov.co.uk';
const APPROVER = 'Ursula Interface';

function uiUrl(): string {
  const url = process.env.TEMPORAL_TEST_UI_URL;
  if (!url) throw new Error('TEMPORAL_TEST_UI_URL is not set: run with `npm test`, whose global setup starts the dev server with its Web UI');
  return url;
}

describe('operating a rotation from the Temporal Web UI', () => {
  const namespace = testNamespace();
  let world: RotationWorld;
  let codecServer: RunningCodecServer;
  let browser: TestBrowser;
  let page: Page;
  const startedFromUi: string[] = [];

  beforeAll(async () => {
    await bundleRotationWorkflow();
    world = await openRotationWorld();
    const codecToken = randomBytes(16).toString('hex');
    codecServer = await startCodecServer({
      port: 0,
      codec: new AesGcmPayloadCodec(parseCodecKeys(CODEC_KEYS, 'test')),
      authToken: codecToken,
      allowedOrigin: new URL(uiUrl()).origin,
      logger: createLogger('ui-test-codec-server', new Writable({ write: (_chunk, _encoding, done) => done() })),
    });
    browser = await openBrowser();
    page = browser.page;
    // As the README says: sign in once, then tell the UI to send the sign-in with its codec calls.
    await webUi.signInToCodecServer(page, codecServer.url, codecToken);
    await webUi.useCodecServer(page, uiUrl(), namespace, codecServer.url);
  });

  afterAll(async () => {
    await browser?.close();
    // A rotation left running (a failed step above) would hold its workflow id on the shared server.
    for (const workflowId of startedFromUi) {
      const handle = world.client.workflow.getHandle(workflowId);
      if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('UI test finished');
    }
    await codecServer?.close();
    await world?.close();
    await closeConnections();
  });

  test('start from the form, find it awaiting approval, approve with a signal, see it complete', async () => {
    const input = { environment: 'production', apiUser: API_USER, application: 'publishing-api' } as const;
    const workflowId = rotationWorkflowId(input);
    // The README asks people to type the line programs set themselves.
    const summary = rotationSummary({ ...input, trigger: 'web-ui' });
    const oldTokenIds = tokenRows(world.sandbox, API_USER, 'Publishing API').tokens.map((token) => token.id);

    startedFromUi.push(workflowId);
    await webUi.startWorkflowFromForm(page, uiUrl(), namespace, {
      workflowId,
      taskQueue: world.taskQueue,
      workflowType: WORKFLOW_TYPE,
      input: JSON.stringify(input),
      summary,
    }, () => browser.screenshot('1-start-form-filled').then(() => undefined));
    await browser.screenshot('2-started');

    // The README's list filter, narrowed to this test's queue (the dev server is shared).
    const awaitingApproval = `TaskQueue = "${world.taskQueue}" AND RotationEnvironment = "production" AND RotationStep = "awaitApproval"`;
    await webUi.showListed(page, uiUrl(), namespace, awaitingApproval, workflowId);
    await browser.screenshot('3-listed-awaiting-approval');
    await webUi.openListedWorkflow(page, workflowId);
    await webUi.openWorkflowTab(page, 'User Metadata');
    await webUi.userMetadataShows(page, 'Waiting for a person to approve');
    await webUi.userMetadataShows(page, summary);
    await browser.screenshot('4-awaiting-approval-details');

    await webUi.sendSignal(page, 'approve', JSON.stringify({ by: APPROVER }), () => browser.screenshot('5-approve-signal-filled').then(() => undefined));
    await webUi.reloadUntilVisible(page, page.getByRole('main').getByText('Completed', { exact: true }), 'the rotation completed');

    await webUi.runQuery(page, 'status');
    // The answer is decrypted by the codec server: without it this would be ciphertext. Its
    // summary is near the top; the editor only renders the lines in view.
    const finished = new RegExp(`"summary": "Finished: rotated\\..*approved by ${APPROVER}`);
    await page.getByRole('main').getByText(finished).first().waitFor({ timeout: 30_000 });
    await browser.screenshot('6-completed-status-query');

    const handle = world.client.workflow.getHandle(workflowId);
    const result = (await handle.result()) as RotationResult;
    expect(result.outcome).toBe('rotated');
    expect(result.reason).toContain(`approved by ${APPROVER}`);
    expect(result.revokedTokenIds).toEqual(oldTokenIds);
    const status = await handle.query(statusQuery);
    expect(status.decisions).toEqual([expect.objectContaining({ kind: 'approve', by: APPROVER, accepted: true })]);
    const description = await handle.describe();
    expect(description.searchAttributes).toMatchObject({ RotationStep: ['done'], RotationOutcome: ['rotated'] });
  });

  test('bad input typed into the form fails the workflow at once, naming the field, and creates nothing', async () => {
    const input = { environment: 'prod', apiUser: API_USER, application: 'publishing-api' };
    const workflowId = `rotate-prod-${API_USER}-publishing-api`;
    const createdBefore = eventsOfType(tokenRows(world.sandbox, API_USER, 'Publishing API'), 'token-created');

    startedFromUi.push(workflowId);
    await webUi.startWorkflowFromForm(page, uiUrl(), namespace, {
      workflowId,
      taskQueue: world.taskQueue,
      workflowType: WORKFLOW_TYPE,
      input: JSON.stringify(input),
    });

    await webUi.showListed(page, uiUrl(), namespace, `TaskQueue = "${world.taskQueue}" AND ExecutionStatus = "Failed"`, workflowId);
    await webUi.openListedWorkflow(page, workflowId);
    await page.getByRole('main').getByText('Failed', { exact: true }).first().waitFor({ timeout: 30_000 });
    await page.getByRole('main').getByText(/Invalid rotation input: environment/).first().waitFor({ timeout: 30_000 });
    await browser.screenshot('7-bad-input-failed');

    const description = await world.client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('FAILED');
    expect(eventsOfType(tokenRows(world.sandbox, API_USER, 'Publishing API'), 'token-created')).toEqual(createdBefore);
  });

  test('a rotation started by a program (CLI, webhook) shows its summary line in the UI', async () => {
    // Same token as the first test: that rotation is finished, so this one is allowed to start.
    const handle = await world.start({ environment: 'production', apiUser: API_USER, application: 'publishing-api', trigger: 'test' });
    const summary = rotationSummary({ environment: 'production', apiUser: API_USER, application: 'publishing-api', trigger: 'test' });
    expect(await (await handle.describe()).staticSummary()).toBe(summary);

    await webUi.showListed(page, uiUrl(), namespace, `TaskQueue = "${world.taskQueue}" AND WorkflowId = "${handle.workflowId}"`, handle.workflowId);
    await webUi.openListedWorkflow(page, handle.workflowId);
    await webUi.openWorkflowTab(page, 'User Metadata');
    await webUi.userMetadataShows(page, summary);
    await browser.screenshot('8-program-started-summary');
  });
});
