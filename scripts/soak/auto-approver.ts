/**
 * Plays the approving person for the soak: lists rotations waiting at the approval gate (the
 * RotationStep search attribute, as the Web UI filters) and approves each once.
 */
import type { Client } from '@temporalio/client';
import { approveSignal } from '../../workflows/messages.js';

export interface AutoApprover {
  approved(): number;
  stop(): Promise<void>;
}

export function startAutoApprover(client: Client, taskQueue: string, everyMs: number): AutoApprover {
  const approved = new Set<string>();
  const query = `TaskQueue = "${taskQueue}" AND RotationStep = "awaitApproval" AND ExecutionStatus = "Running"`;
  let stopped = false;

  const loop = (async () => {
    while (!stopped) {
      try {
        for await (const execution of client.workflow.list({ query })) {
          if (approved.has(execution.workflowId)) continue;
          await client.workflow.getHandle(execution.workflowId).signal(approveSignal, { by: 'soak-approver' });
          approved.add(execution.workflowId);
        }
      } catch (error) {
        // Visibility may lag or the server may be busy; the next round tries again.
        process.stderr.write(`auto-approver: ${error instanceof Error ? error.message : String(error)}\n`);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();

  return {
    approved: () => approved.size,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
