/**
 * The "done when": a full rotation, a rejected one and a failed one, driven through the
 * webhook and real CLI processes; then every token the sandbox ever issued is searched for in
 * the raw histories (fetched without the codec), every worker and webhook log line, and every
 * line the CLI printed. Zero hits. With the codec the same histories decode to readable values,
 * still without a token.
 */
import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { WorkflowFailedError } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { ENCRYPTED_ENCODING } from '../../src/codec/aes-gcm-codec.js';
import { createLogger } from '../../src/log.js';
import { rotationWorkflowId } from '../../src/temporal/names.js';
import { createRotationStarter } from '../../src/temporal/rotation-starter.js';
import { startWebhookServer, type RunningWebhookServer } from '../../src/webhook/server.js';
import { expiryAlert, notification } from '../support/alertmanager-notification.js';
import { openCliHarness, type CliHarness } from '../support/cli-process.js';
import { bundleRotationWorkflow, closeConnections, openRotationWorld, TEST_DATA_CONVERTER, type RotationWorld } from '../support/rotation-world.js';
import { allText, issuedTokens, leakedTokens } from '../support/secrets.js';
import { testNamespace } from '../support/temporal.js';

const WEBHOOK_TOKEN = 'secrecy-test-webhook-token';
const INTERNAL = { environment: 'production', apiUser: 'short-url-manager@alphagov.co.uk', application: 'publishing-api' } as const;
const EXTERNAL = { environment: 'production', apiUser: 'customs-guidance-publisher@hmrc.gov.uk', application: 'publishing-api' } as const;
const FAILING = { ...EXTERNAL, environment: 'integration' } as const;

/**
 * Every payload inside a history (objects carrying metadata.encoding) that a codec sees. Not
 * search attributes (the server must read them to index them) nor a local-activity marker's
 * `data` (the SDK core's own bookkeeping: sequence, attempt, activity type; its result is encoded).
 */
function payloadsIn(value: unknown, into: Payload[] = [], parentKey = ''): Payload[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return into;
  const metadata = (value as Payload).metadata;
  if (metadata && typeof metadata === 'object' && metadata.encoding instanceof Uint8Array) into.push(value as Payload);
  for (const [key, item] of Object.entries(value)) {
    if (key === 'indexedFields' || (parentKey === 'details' && key === 'data')) continue;
    payloadsIn(item, into, key);
  }
  return into;
}

describe('no token text anywhere', () => {
  let world: RotationWorld;
  let cli: CliHarness;
  let webhook: RunningWebhookServer;
  let webhookLog = '';
  const workflowIds = [FAILING, EXTERNAL, INTERNAL].map((request) => rotationWorkflowId(request));
  const rawHistories: unknown[] = [];

  const alert = (labels: Record<string, string>) =>
    fetch(`${webhook.url}/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
      body: JSON.stringify(notification([expiryAlert(labels)])),
    });

  beforeAll(async () => {
    await bundleRotationWorkflow();
    world = await openRotationWorld();
    cli = await openCliHarness(world);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        webhookLog += chunk.toString('utf8');
        callback();
      },
    });
    webhook = await startWebhookServer({
      port: 0,
      starter: createRotationStarter(world.client, { taskQueue: world.taskQueue }),
      authToken: WEBHOOK_TOKEN,
      logger: createLogger('webhook', sink),
    });

    // Failed: the new token's smoke call is answered 401, so verification fails at once.
    world.sandbox.publishingApi.faults.forceStatus(401, 1);
    expect((await alert({ environment: FAILING.environment, api_user: FAILING.apiUser })).status).toBe(200);
    const failure = await world.client.workflow.getHandle(workflowIds[0]!).result().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);

    // Rejected: started from the CLI, the token handed over through a file, then rejected.
    const started = await cli.run('start', '--environment', EXTERNAL.environment, '--api-user', EXTERNAL.apiUser, '--application', EXTERNAL.application, '--by', 'dana');
    expect(started.code).toBe(0);
    const external = world.client.workflow.getHandle(workflowIds[1]!);
    await world.waitForStep(external, 'awaitHandover');
    expect((await cli.run('handover-token', workflowIds[1]!, '--out', `${cli.dataDir}/handover.txt`)).code).toBe(0);
    expect((await cli.run('reject', workflowIds[1]!, '--by', 'carol', '--reason', 'consumer unreachable')).code).toBe(0);
    expect((await external.result()).outcome).toBe('rejected');

    // Full: started by the alert, inspected and approved through the CLI.
    expect((await alert({})).status).toBe(200);
    const internal = world.client.workflow.getHandle(workflowIds[2]!);
    await world.waitForStep(internal, 'awaitApproval');
    expect((await cli.run('list')).code).toBe(0);
    expect((await cli.run('show', workflowIds[2]!)).code).toBe(0);
    expect((await cli.run('approve', workflowIds[2]!, '--by', 'grace')).code).toBe(0);
    expect((await internal.result()).outcome).toBe('rotated');
    expect((await cli.run('show', workflowIds[2]!)).stdout).toContain('outcome: rotated');

    for (const workflowId of workflowIds) {
      // The raw service call: no data converter, no codec, exactly what the server stores.
      const response = await world.client.workflowService.getWorkflowExecutionHistory({
        namespace: testNamespace(),
        execution: { workflowId },
        maximumPageSize: 1000,
      });
      rawHistories.push(response.history ?? {});
    }
  });

  afterAll(async () => {
    await webhook?.close();
    await cli?.close();
    await world?.close();
    await closeConnections();
  });

  test('the raw histories hold no token, and the rotation input is unreadable in them', () => {
    const tokens = issuedTokens(world.sandbox);
    expect(tokens.length).toBeGreaterThanOrEqual(4);
    expect(leakedTokens(allText(rawHistories), tokens)).toEqual([]);
    expect(allText(rawHistories)).not.toContain('approvalTimeoutSeconds');
  });

  test('the search finds a token where one is meant to be: the hand-over file', async () => {
    const handedOver = await readFile(`${cli.dataDir}/handover.txt`, 'utf8');
    expect(leakedTokens(handedOver, issuedTokens(world.sandbox))).toHaveLength(1);
  });

  test('every payload in the raw histories is encrypted', () => {
    const payloads = payloadsIn(rawHistories);
    expect(payloads.length).toBeGreaterThan(20);
    for (const payload of payloads) expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
  });

  test('no worker or webhook log line, and nothing the CLI printed, holds a token', () => {
    const tokens = issuedTokens(world.sandbox);
    expect(world.logLines.length).toBeGreaterThan(0);
    expect(leakedTokens(world.logLines.join('\n'), tokens)).toEqual([]);
    expect(webhookLog).toContain('started a rotation from an alert');
    expect(leakedTokens(webhookLog, tokens)).toEqual([]);
    expect(cli.output.join('').length).toBeGreaterThan(0);
    expect(leakedTokens(cli.output.join('\n'), tokens)).toEqual([]);
  });

  test('with the codec the same histories decode to readable values, still without a token', async () => {
    const codec = TEST_DATA_CONVERTER.payloadCodecs![0]!;
    const encrypted = payloadsIn(rawHistories).filter((payload) => Buffer.from(payload.metadata!.encoding!).toString() === ENCRYPTED_ENCODING);
    const decoded = await codec.decode(encrypted);
    const values = decoded.map((payload) => JSON.parse(Buffer.from(payload.data!).toString('utf8')) as unknown);
    const readable = JSON.stringify(values);
    expect(readable).toContain('"apiUser":"short-url-manager@alphagov.co.uk"');
    expect(readable).toContain('"outcome":"rotated"');
    expect(readable).toContain('"by":"grace"');
    expect(readable).toMatch(/"fingerprint":"fp:[0-9a-f]{12}"/);
    expect(leakedTokens(readable, issuedTokens(world.sandbox))).toEqual([]);
  });
});
