/**
 * The worker: the rotation workflow plus activities built from whatever adapters it is given
 * (sandbox simulators or real systems). Tests pass a pre-built bundle so webpack runs once
 * per test file rather than once per worker.
 */
import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../../activities/index.js';
import { TASK_QUEUE } from '../temporal/names.js';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export interface RotationWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  /** Required, so no worker can run without payload encryption (see src/codec/load-codec.ts). */
  dataConverter: DataConverter;
  workflowBundle?: WorkflowBundle;
  taskQueue?: string;
}

export async function createRotationWorker(options: RotationWorkerOptions): Promise<Worker> {
  const workflowSource = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : { workflowsPath: WORKFLOWS_PATH };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    dataConverter: options.dataConverter,
    ...workflowSource,
    activities: createActivities(options.deps),
  });
}
