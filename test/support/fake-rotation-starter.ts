/**
 * A FAKE of our own RotationStarter (src/temporal/rotation-starter.ts), for the webhook tests
 * only: it keeps the starter's contract (validates the input with the same schema, uses the same
 * workflow-id convention, answers 'already-running' while a rotation for that id runs) without
 * a Temporal server. The starter itself is tested against a real Temporal server elsewhere.
 */
import { ServiceError } from '@temporalio/client';
import { rotationWorkflowId } from '../../src/temporal/names.js';
import type { RotationStarter, StartedRotation } from '../../src/temporal/rotation-starter.js';
import { rotationInputSchema, type RotationInput } from '../../workflows/types.js';

export interface FakeStartCall {
  input: RotationInput;
  workflowId: string;
}

export class FakeRotationStarter implements RotationStarter {
  readonly calls: FakeStartCall[] = [];
  private readonly running = new Set<string>();
  /** Workflow ids whose start fails as if the Temporal server were unreachable. */
  readonly unreachableFor = new Set<string>();
  /** When set, every start fails as if the Temporal server were unreachable. */
  unreachable = false;
  /** When set, starts never settle, like a client stuck retrying a dead server. */
  hang = false;

  async start(input: RotationInput): Promise<StartedRotation> {
    const valid = rotationInputSchema.parse(input);
    const workflowId = rotationWorkflowId(valid);
    this.calls.push({ input, workflowId });
    // A real start is a network round trip: yield, so concurrent starts really interleave.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.hang) return new Promise<never>(() => undefined);
    if (this.unreachable || this.unreachableFor.has(workflowId)) {
      throw new ServiceError('Failed to start Workflow', {
        cause: Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }),
      });
    }
    if (this.running.has(workflowId)) return { workflowId, outcome: 'already-running' };
    this.running.add(workflowId);
    return { workflowId, outcome: 'started' };
  }

  /** Marks a rotation as running, as if another trigger had started it. */
  markRunning(workflowId: string): void {
    this.running.add(workflowId);
  }
}
