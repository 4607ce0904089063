/** What each CLI command does, against Temporal (and Signon for the hand-over). */
import { writeFile } from 'node:fs/promises';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { approveRotationUpdate, chooseDisusedActionSignal, confirmHandoverSignal, rejectSignal, statusQuery } from '../../workflows/messages.js';
import { WORKFLOW_TYPE } from '../temporal/names.js';
import type { RotationStarter } from '../temporal/rotation-starter.js';
import type { SignonGateway } from '../ports.js';
import type { CliActions } from './program.js';
import { formatTimeline } from './format.js';

export interface CliServices {
  client: Client;
  starter: RotationStarter;
  /** Signon, for the hand-over only; a function so other commands never need its credentials. */
  signon: () => Promise<SignonGateway>;
  print: (line: string) => void;
}

export function createCliActions({ client, starter, signon, print }: CliServices): CliActions {
  const handle = (workflowId: string) => client.workflow.getHandle(workflowId);

  return {
    async start(request) {
      const started = await starter.start({ ...request, trigger: 'cli' });
      print(`${started.outcome === 'started' ? 'Started' : 'Already running'}: ${started.workflowId}`);
    },

    async list(filter) {
      const clauses = [`WorkflowType = '${WORKFLOW_TYPE}'`];
      if (filter.environment) clauses.push(`RotationEnvironment = '${filter.environment}'`);
      if (filter.step) clauses.push(`RotationStep = '${filter.step.replace(/'/g, '')}'`);
      let count = 0;
      for await (const execution of client.workflow.list({ query: clauses.join(' AND ') })) {
        const attributes = execution.searchAttributes;
        const step = attributes.RotationStep?.[0] ?? '-';
        const outcome = attributes.RotationOutcome?.[0] ?? '';
        print(`${execution.workflowId}  ${execution.status.name}  step=${String(step)}${outcome ? `  outcome=${String(outcome)}` : ''}`);
        count += 1;
      }
      if (count === 0) print('No rotations found.');
    },

    async show(workflowId) {
      print(formatTimeline(await handle(workflowId).query(statusQuery)));
    },

    /** An update, not a signal: the rotation refuses an approval that would not count, and says why. */
    async approve(workflowId, by, note) {
      try {
        await handle(workflowId).executeUpdate(approveRotationUpdate, { args: [{ by, ...(note ? { note } : {}) }] });
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError) throw new Error(`${workflowId}: ${error.cause?.message ?? 'approval refused'}; the rotation keeps waiting`);
        throw error;
      }
      print(`Approved by ${by}: ${workflowId} now revokes the old token.`);
    },

    async reject(workflowId, by, reason) {
      await handle(workflowId).signal(rejectSignal, { by, ...(reason ? { reason } : {}) });
      print(`Rejection by ${by} sent to ${workflowId}.`);
    },

    async confirmHandover(workflowId, by) {
      await handle(workflowId).signal(confirmHandoverSignal, { by });
      print(`Hand-over confirmed by ${by} for ${workflowId}.`);
    },

    async chooseDisusedAction(workflowId, by, choice) {
      await handle(workflowId).signal(chooseDisusedActionSignal, { by, choice });
      print(`Choice "${choice}" by ${by} sent to ${workflowId}.`);
    },

    /**
     * The token goes from Signon straight into a new owner-only file: it never passes through
     * workflow history, and never appears on the terminal.
     */
    async handoverToken(workflowId, outFile) {
      const status = await handle(workflowId).query(statusQuery);
      if (status.currentStep !== 'awaitHandover' || !status.newToken) {
        throw new Error(`${workflowId} is not waiting for a hand-over (current step: ${status.currentStep})`);
      }
      const token = await (await signon()).revealToken(status.newToken.id);
      await writeFile(outFile, `${token}\n`, { mode: 0o600, flag: 'wx' });
      print(`Wrote token ${status.newToken.id} (${status.newToken.fingerprint}) to ${outFile} (mode 600). Send it securely, delete the file, then run confirm-handover.`);
    },
  };
}
