/**
 * Starts rotations for every trigger (CLI, webhook, demo), so the id convention and the
 * duplicate rules live in one place: a rotation already running for the same token is
 * attached to, not doubled; a finished one may be started again (its preflight then finds
 * the token already rotated and does nothing).
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import { rotationInputSchema, type RotationInput } from '../../workflows/types.js';
import { TASK_QUEUE, WORKFLOW_TYPE, rotationWorkflowId } from './names.js';

export interface StartedRotation {
  workflowId: string;
  outcome: 'started' | 'already-running';
}

export interface RotationStarter {
  start(input: RotationInput): Promise<StartedRotation>;
}

/** `taskQueue`: the worker's queue (TEMPORAL_TASK_QUEUE); tests give each worker its own. */
export function createRotationStarter(client: Client, options: { taskQueue?: string } = {}): RotationStarter {
  return {
    async start(input) {
      // Validate here as well as in the workflow: a starter should hear about bad input
      // before anything is recorded in Temporal.
      const valid = rotationInputSchema.parse(input);
      const workflowId = rotationWorkflowId(valid);
      try {
        await client.workflow.start(WORKFLOW_TYPE, {
          taskQueue: options.taskQueue ?? TASK_QUEUE,
          workflowId,
          args: [input],
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
          // The Web UI's "Summary": what this rotation is, in words; the README asks people
          // starting from the UI's form to type the same line.
          staticSummary: rotationSummary(valid),
        });
        return { workflowId, outcome: 'started' };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, outcome: 'already-running' };
        throw error;
      }
    },
  };
}

/** Names only, nothing secret: e.g. "Rotate the publishing-api token of short-url-manager@alphagov.co.uk in production (cli)". */
export function rotationSummary(input: { environment: string; apiUser: string; application: string; trigger: string }): string {
  return `Rotate the ${input.application} token of ${input.apiUser} in ${input.environment} (${input.trigger})`;
}
