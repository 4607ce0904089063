/**
 * `npm run demo`: rotates the runbook's example token (short-url-manager -> Publishing API,
 * production) in the sandbox without anyone typing: start, wait for the approval gate,
 * approve as "demo", wait, print the timeline, then prove the result from Signon and
 * Kubernetes themselves. Uses the stack `npm start` is running, or starts a throwaway one.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { constants } from 'node:os';
import { Client, Connection, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { createKubernetesGateway } from '../adapters/kubernetes.js';
import { createSandboxSignonGateway } from '../adapters/signon-sandbox.js';
import { formatTimeline } from '../cli/format.js';
import { loadDataConverter } from '../codec/load-codec.js';
import { loadConfig } from '../config/config.js';
import { loadFingerprintKey } from '../config/fingerprint-key.js';
import { createFingerprinter } from '../domain/fingerprint.js';
import { tokenSecretName } from '../domain/parameterize.js';
import { createLogger } from '../log.js';
import { readRunningStack, type StackInfo } from '../stack-file.js';
import { startStack } from '../stack.js';
import { createRotationStarter } from '../temporal/rotation-starter.js';
import { temporalConnectionSettings } from '../temporal/connection-settings.js';
import { routeTemporalLogs } from '../temporal/runtime-logging.js';
import { approveRotationUpdate, statusQuery } from '../../workflows/messages.js';
import type { RotationStatus } from '../../workflows/types.js';
import { verifyRotation } from './verify-rotation.js';

const EXAMPLE = {
  environment: 'production',
  apiUser: 'short-url-manager@alphagov.co.uk',
  application: 'publishing-api',
  trigger: 'demo',
} as const;
const EXAMPLE_USER_NAME = 'Short URL Manager';
const EXAMPLE_APPLICATION_NAME = 'Publishing API';
const STEP_TIMEOUT_MS = 120_000;
/** After approval only revocation is left; a rotation still running after this is stuck. */
const RESULT_TIMEOUT_MS = 120_000;

const print = (line: string) => process.stdout.write(`${line}\n`);
// The demo's own output is the timeline; only problems are logged (LOG_LEVEL overrides).
const logger = createLogger('demo', process.stdout, 'warn');

async function waitFor(read: () => Promise<RotationStatus>, done: (status: RotationStatus) => boolean): Promise<RotationStatus> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const status = await read();
    if (done(status)) return status;
    if (Date.now() > deadline) throw new Error(`timed out at step ${status.currentStep}: ${status.summary}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * An Update rather than the Web UI's signal: a signal from someone the worker's approver list
 * does not name is recorded as refused and the rotation waits on, so the demo would wait
 * forever; the update's validator refuses at once and says why.
 */
async function approve(handle: WorkflowHandle, workflowId: string, stackStays: boolean): Promise<boolean> {
  try {
    await handle.executeUpdate(approveRotationUpdate, { args: [{ by: 'demo', note: 'npm run demo' }] });
    return true;
  } catch (error) {
    if (!(error instanceof WorkflowUpdateFailedError)) throw error;
    const variable = `APPROVERS_${EXAMPLE.environment.toUpperCase()}`;
    print(`The rotation refused the approval: ${error.cause?.message ?? error.message}`);
    print(`Set ${variable} (where the worker runs) to include demo, or unset it, and run the demo again.`);
    if (stackStays) print(`${workflowId} keeps waiting: npm run cli -- approve ${workflowId} --by <an approver>, or reject it.`);
    return false;
  }
}

/** handle.result() waits as long as the rotation runs; the demo must end either way. */
async function resultWithin<T>(result: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${RESULT_TIMEOUT_MS / 1000}s`)), RESULT_TIMEOUT_MS);
  });
  try {
    return await Promise.race([result, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** stackStays: npm start's stack, where a rotation the demo leaves behind goes on waiting. */
async function runDemo(client: Client, stack: StackInfo, stackStays: boolean): Promise<boolean> {
  const config = loadConfig();
  const { workflowId, outcome } = await createRotationStarter(client, { taskQueue: stack.taskQueue }).start(EXAMPLE);
  print(`${outcome === 'started' ? 'Started' : 'Attached to running'} rotation ${workflowId}`);
  const handle = client.workflow.getHandle(workflowId);
  const query = () => handle.query(statusQuery);

  const atGate = await waitFor(query, (status) => status.currentStep === 'awaitApproval' || status.currentStep === 'done');
  if (atGate.currentStep === 'awaitApproval') {
    print('Verified; awaiting approval. Approving as "demo".');
    if (!(await approve(handle, workflowId, stackStays))) return false;
  }
  const result = await resultWithin(handle.result(), `rotation ${workflowId}`);
  print('');
  print(formatTimeline(await query()));
  print('');
  if (result.outcome === 'already-rotated') {
    print('This stack has rotated the example token already; nothing was left to do.');
    return true;
  }
  if (result.outcome !== 'rotated' || !result.newToken || !stack.sandbox) {
    print(`The rotation ended ${result.outcome}: ${result.reason}`);
    return false;
  }

  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(stack.sandbox.kubeconfigPath);
  const fingerprint = createFingerprinter(await loadFingerprintKey(config));
  const checks = await verifyRotation({
    signon: createSandboxSignonGateway({ baseUrl: stack.sandbox.signonUrl, adminToken: stack.sandbox.signonAdminToken, fingerprint, timeoutMs: config.HTTP_TIMEOUT_MS, logger }),
    kubernetes: createKubernetesGateway(kubeConfig, { logger }),
    fingerprint,
    namespace: config.KUBERNETES_NAMESPACE,
    apiUser: EXAMPLE.apiUser,
    application: EXAMPLE.application,
    secretName: tokenSecretName(EXAMPLE_USER_NAME, EXAMPLE_APPLICATION_NAME),
    oldTokenIds: atGate.oldTokens.map((token) => token.id),
    newTokenId: result.newToken.id,
  });
  print('Checked against Signon and Kubernetes:');
  for (const check of checks) print(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.what}`);
  return checks.every((check) => check.ok);
}

async function main(): Promise<number> {
  const config = loadConfig();
  const running = await readRunningStack(config.DATA_DIR);
  if (running) {
    print(`Using the stack npm start is running (Temporal ${running.temporalAddress}, UI ${running.uiUrl ?? '-'})`);
    const connection = await Connection.connect({ address: running.temporalAddress, ...(await temporalConnectionSettings(config)) });
    const dataConverter = await loadDataConverter(config);
    try {
      return (await runDemo(new Client({ connection, namespace: running.namespace, dataConverter }), running, true)) ? 0 : 1;
    } finally {
      await connection.close();
    }
  }
  print('No running stack found: starting a throwaway one (Temporal, sandbox, worker) on free ports.');
  routeTemporalLogs(logger.child({ component: 'temporal-sdk' }));
  const stack = await startStack({ config, logger, ephemeral: true });
  // Killed mid-run (Ctrl-C, `timeout`): stop the throwaway stack before going. A signal during
  // startStack needs nothing: its dev server is tied to this process and dies with it.
  const stopOnSignal = (signal: NodeJS.Signals) => {
    print(`${signal}: stopping the throwaway stack`);
    void stack.stop().finally(() => process.exit(128 + constants.signals[signal]));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    return (await runDemo(stack.client, stack.info, false)) ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

process.exitCode = await main().catch((error: unknown) => {
  logger.error({ error }, 'demo failed');
  return 1;
});
