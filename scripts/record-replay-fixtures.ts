/**
 * `npm run fixtures:replay`: records the histories the replay test runs against the workflow
 * code (test/fixtures/histories/). Run it deliberately, after a workflow change that is meant
 * to change history and is guarded by patched() for rotations already running, never to make
 * a failing replay test pass (see README, "Changing the workflow safely").
 *
 * Each scenario runs on a fresh sandbox against a throwaway in-memory Temporal server:
 * happy (internal consumer, approved), rejected (external consumer rejected at the hand-over,
 * unused new token compensated) and failed (the server API refuses the new token).
 */
import { writeFile } from 'node:fs/promises';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/log.js';
import { startSandbox, type Sandbox } from '../src/sandbox/gov-uk.js';
import { startTemporal } from '../src/temporal/dev-server.js';
import { createRotationStarter } from '../src/temporal/rotation-starter.js';
import { sandboxActivityDeps } from '../src/worker/activity-deps.js';
import { createRotationWorker } from '../src/worker/rotation-worker.js';
import { approveSignal, rejectSignal, statusQuery } from '../workflows/messages.js';
import type { RotationInput, StepName } from '../workflows/types.js';
import { historyFile, historyToFixture, REPLAY_DATA_CONVERTER, REPLAY_FINGERPRINT_KEY, type Scenario } from '../test/support/replay-fixtures.js';

const INTERNAL: RotationInput = { environment: 'production', apiUser: 'short-url-manager@alphagov.co.uk', application: 'publishing-api', trigger: 'test' };
const EXTERNAL: RotationInput = { environment: 'production', apiUser: 'customs-guidance-publisher@hmrc.gov.uk', application: 'publishing-api', trigger: 'test' };

const quiet = createLogger('record-replay-fixtures', undefined, 'warn');

async function waitForStep(handle: WorkflowHandle, step: StepName): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await handle.query(statusQuery)).currentStep !== step) {
    if (Date.now() > deadline) throw new Error(`the rotation never reached ${step}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const SCENARIO_RUNS: Record<Scenario, { input: RotationInput; arrange?: (sandbox: Sandbox) => void; drive: (handle: WorkflowHandle) => Promise<void> }> = {
  happy: {
    input: INTERNAL,
    drive: async (handle) => {
      await waitForStep(handle, 'awaitApproval');
      await handle.signal(approveSignal, { by: 'alice' });
    },
  },
  rejected: {
    input: EXTERNAL,
    drive: async (handle) => {
      await waitForStep(handle, 'awaitHandover');
      await handle.signal(rejectSignal, { by: 'carol', reason: 'recorded for replay' });
    },
  },
  failed: {
    input: INTERNAL,
    arrange: (sandbox) => sandbox.publishingApi.faults.forceStatus(401, 100),
    drive: async () => {},
  },
};

const temporal = await startTemporal({ logger: quiet });
const clientConnection = await Connection.connect({ address: temporal.address });
const workerConnection = await NativeConnection.connect({ address: temporal.address });
const client = new Client({ connection: clientConnection, namespace: temporal.namespace, dataConverter: REPLAY_DATA_CONVERTER });
try {
  for (const [scenario, run] of Object.entries(SCENARIO_RUNS) as Array<[Scenario, (typeof SCENARIO_RUNS)[Scenario]]>) {
    const sandbox = await startSandbox();
    const taskQueue = `record-${scenario}`;
    const worker = await createRotationWorker({
      connection: workerConnection,
      namespace: temporal.namespace,
      taskQueue,
      dataConverter: REPLAY_DATA_CONVERTER,
      deps: sandboxActivityDeps(
        { signonUrl: sandbox.signon.url, signonAdminToken: sandbox.signon.adminToken, kubeConfig: sandbox.kubeConfig, serverApiUrls: sandbox.serverApiUrls },
        loadConfig({}),
        REPLAY_FINGERPRINT_KEY,
        quiet,
      ),
    });
    const running = worker.run();
    try {
      run.arrange?.(sandbox);
      const { workflowId } = await createRotationStarter(client, { taskQueue }).start(run.input);
      const handle = client.workflow.getHandle(workflowId);
      await run.drive(handle);
      const outcome = await handle.result().then((result: { outcome: string }) => result.outcome, () => 'failed');
      await writeFile(historyFile(scenario), historyToFixture(await handle.fetchHistory()));
      process.stdout.write(`${scenario}: ${outcome}, history written to ${historyFile(scenario)}\n`);
    } finally {
      worker.shutdown();
      await running;
      await sandbox.close();
    }
  }
} finally {
  await clientConnection.close();
  await workerConnection.close();
  await temporal.stop();
}
