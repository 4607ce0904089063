/**
 * `npm run soak`: N rotations (default 200, or SOAK_ROTATIONS / the first argument) in flight
 * at once against the sandbox, with random faults injected (SOAK_FAULTS_PER_ROTATION, default
 * 0.75) and automatic approval. The worker
 * is a child process so its peak memory is its own. Prints a table at the end and exits
 * non-zero if any API user got two new tokens, any token was revoked twice, or a revoked
 * token is still in a pod: those are the rules, the rest are figures.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { z } from 'zod';
import { encryptingDataConverter } from '../src/codec/load-codec.js';
import { parseCodecKeys } from '../src/codec/keys.js';
import { createLogger } from '../src/log.js';
import { startSandbox } from '../src/sandbox/gov-uk.js';
import { loadClientEmail, withLoadClients } from '../src/sandbox/signon/bulk-fixture.js';
import { startTemporal } from '../src/temporal/dev-server.js';
import { createRotationStarter } from '../src/temporal/rotation-starter.js';
import { WORKFLOWS_PATH } from '../src/worker/rotation-worker.js';
import { startWorkerProcess } from '../src/worker/worker-process.js';
import type { RotationResult } from '../workflows/rotate-signon-token.js';
import { startAutoApprover } from './soak/auto-approver.js';
import { startFaultInjector } from './soak/fault-injector.js';
import { formatTable, tally, type RotationEnding } from './soak/tally.js';

const rotations = z.coerce
  .number()
  .int()
  .min(1)
  .max(999, 'the load fixture names at most 999 clients')
  .parse(process.argv[2] ?? process.env.SOAK_ROTATIONS ?? 200);
/** Every rotation must end well within this; a stuck one is reported as unfinished. */
const DEADLINE_MS = 15 * 60_000;
const TASK_QUEUE = 'soak';
/** How many faults are injected per rotation, on average (SOAK_FAULTS_PER_ROTATION). */
const FAULTS_PER_ROTATION = z.coerce.number().min(0).max(10).parse(process.env.SOAK_FAULTS_PER_ROTATION ?? 0.75);

const say = (text: string) => process.stdout.write(`${text}\n`);
const quiet = createLogger('soak', undefined, 'warn');

const began = Date.now();
const scratch = await mkdtemp(path.join(tmpdir(), 'rotation-soak-'));
const stops: Array<() => Promise<void>> = [() => rm(scratch, { recursive: true, force: true })];
let exitCode = 1;
try {
  say(`soak: ${rotations} rotations at once, random faults, automatic approval`);
  const temporal = await startTemporal({ logger: quiet });
  stops.push(() => temporal.stop());
  const sandbox = await startSandbox({ fixture: withLoadClients(rotations) });
  stops.push(() => sandbox.close());
  const kubeconfig = path.join(scratch, 'kubeconfig.yaml');
  await sandbox.writeKubeconfig(kubeconfig);
  const bundlePath = path.join(scratch, 'workflow-bundle.js');
  await writeFile(bundlePath, (await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') })).code);

  // A key for this run only: the soak's history is thrown away with its in-memory server.
  const codecKeys = `soak:${randomBytes(32).toString('hex')}`;
  const worker = startWorkerProcess({
    temporalAddress: temporal.address,
    namespace: temporal.namespace,
    taskQueue: TASK_QUEUE,
    codecKeys,
    fingerprintKey: randomBytes(24).toString('hex'),
    workflowBundlePath: bundlePath,
    sandbox: {
      SANDBOX_SIGNON_URL: sandbox.signon.url,
      SANDBOX_SIGNON_ADMIN_TOKEN: sandbox.signon.adminToken,
      SANDBOX_KUBECONFIG: kubeconfig,
      SANDBOX_SERVER_API_URLS: JSON.stringify(sandbox.serverApiUrls),
    },
    // The default HTTP timeout (15 s) on purpose: a shorter one under this load lets a create
    // that timed out on the client still reach Signon later (see README, soak findings).
    env: { LOG_LEVEL: 'error' },
  });
  stops.push(() => worker.stop());
  await worker.ready;

  const connection = await Connection.connect({ address: temporal.address });
  stops.push(() => connection.close());
  const client = new Client({ connection, namespace: temporal.namespace, dataConverter: encryptingDataConverter(parseCodecKeys(codecKeys, 'soak')) });
  const starter = createRotationStarter(client, { taskQueue: TASK_QUEUE });

  const emails = Array.from({ length: rotations }, (_, index) => loadClientEmail(index + 1));
  const started = Date.now();
  const workflowIds = await Promise.all(
    emails.map(async (apiUser) => (await starter.start({ environment: 'production', apiUser, application: 'publishing-api', trigger: 'test' })).workflowId),
  );
  say(`soak: ${workflowIds.length} rotations started`);
  const injector = startFaultInjector(sandbox, 400, Math.ceil(rotations * FAULTS_PER_ROTATION));
  const approver = startAutoApprover(client, TASK_QUEUE, 1_000);

  const endings = new Map<string, RotationEnding | undefined>(workflowIds.map((id) => [id, undefined]));
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, DEADLINE_MS).unref());
  let done = 0;
  const progress = setInterval(() => say(`soak: ${done}/${rotations} finished, ${approver.approved()} approved`), 10_000);
  await Promise.race([
    deadline,
    Promise.all(
      workflowIds.map(async (id) => {
        try {
          const result = (await client.workflow.getHandle(id).result()) as RotationResult;
          endings.set(id, { outcome: result.outcome, reason: result.reason });
        } catch (error) {
          const reason = error instanceof WorkflowFailedError ? (error.cause?.message ?? error.message) : String(error);
          endings.set(id, { outcome: 'failed', reason });
        }
        done += 1;
      }),
    ),
  ]);
  clearInterval(progress);
  const wallMs = Date.now() - started;
  await approver.stop();
  await injector.stop();
  const peakRssBytes = worker.peakRssBytes();

  const figures = tally(sandbox, emails, endings);
  say(formatTable(figures, { peakRssBytes, wallMs, faults: injector.counts() }));
  const broken = [
    figures.duplicateTokens > 0 && `${figures.duplicateTokens} duplicate token(s)`,
    figures.doubleRevokes > 0 && `${figures.doubleRevokes} double revoke(s)`,
    figures.revokedInUse > 0 && `${figures.revokedInUse} revoked token(s) still in pods`,
  ].filter((problem): problem is string => typeof problem === 'string');
  if (broken.length > 0) say(`soak: FAILED: ${broken.join(', ')}`);
  else say(`soak: zero duplicate tokens, zero double revokes (total ${((Date.now() - began) / 1000).toFixed(0)} s with start-up)`);
  exitCode = broken.length > 0 ? 1 : 0;
} catch (error) {
  process.stderr.write(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => {});
}
process.exit(exitCode);
