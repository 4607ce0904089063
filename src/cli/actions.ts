/** What each CLI command does, against Temporal (and Signon for the hand-over). */
import { writeFile } from 'node:fs/promises';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { approveRotationUpdate, chooseDisusedActionSignal, confirmHandoverSignal, rejectSignal, statusQuery } from '../../workflows/messages.js';
import { WORKFLOW_TYPE } from '../temporal/names.js';
import type { RotationStarter } from '../temporal/rotation-starter.js';
import type { SignonGateway } from '../ports.js';
import type { CliActions } from './program.js';
import type { DecisionRecord, RotationStatus, StepName, TokenRef } from '../../workflows/types.js';
import { sendAndReadDecision } from './decision-readback.js';
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
  /** A refusal is the command's failure (exit 1), as a refused approve is. */
  const report = (what: string, decision: DecisionRecord) => {
    if (!decision.accepted) throw new Error(`${what}: refused: ${decision.note ?? 'no reason recorded'}`);
    print(`${what}: accepted`);
  };

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
      const decision = await sendAndReadDecision(handle(workflowId), { kind: 'reject', by }, () =>
        handle(workflowId).signal(rejectSignal, { by, ...(reason ? { reason } : {}) }));
      report(`Rejection by ${by} of ${workflowId}`, decision);
    },

    async confirmHandover(workflowId, by) {
      const decision = await sendAndReadDecision(handle(workflowId), { kind: 'confirmHandover', by }, () =>
        handle(workflowId).signal(confirmHandoverSignal, { by }));
      report(`Hand-over confirmation by ${by} for ${workflowId}`, decision);
    },

    async chooseDisusedAction(workflowId, by, choice) {
      const decision = await sendAndReadDecision(handle(workflowId), { kind: 'chooseDisusedAction', by }, () =>
        handle(workflowId).signal(chooseDisusedActionSignal, { by, choice }));
      report(`Choice "${choice}" by ${by} for ${workflowId}`, decision);
    },

    /**
     * The token goes from Signon straight into a new owner-only file: it never passes through
     * workflow history, and never appears on the terminal.
     */
    async handoverToken(workflowId, outFile) {
      const status = await handle(workflowId).query(statusQuery);
      const newToken = handoverTokenRef(workflowId, status);
      const token = await (await signon()).revealToken(newToken.id);
      await writeFile(outFile, `${token}\n`, { mode: 0o600, flag: 'wx' });
      print(`Wrote token ${newToken.id} (${newToken.fingerprint}) to ${outFile} (mode 600). Send it securely, delete the file, then run confirm-handover (unless you already have).`);
    },
  };
}

/** Steps at which the hand-over token may be fetched: until the old token is revoked, so a person who confirmed first can still fetch it. */
const HANDOVER_STEPS: readonly StepName[] = ['awaitHandover', 'awaitApproval'];

/** The new token to hand over, or an error saying why this rotation has none to give. */
function handoverTokenRef(workflowId: string, status: RotationStatus): TokenRef {
  if (status.outcome !== undefined) throw new Error(`${workflowId} has finished (${status.outcome}): there is nothing to hand over`);
  if (status.consumerKind === 'internal') {
    throw new Error(`${workflowId} has no external consumer: its consumers get the token from the sync job, never by hand`);
  }
  if (status.consumerKind !== 'external' || !status.newToken || !HANDOVER_STEPS.includes(status.currentStep)) {
    throw new Error(`${workflowId} has no token to hand over yet (current step: ${status.currentStep}); try again when it awaits the hand-over`);
  }
  return status.newToken;
}
