/**
 * The rotation's own account of itself: the status query's answer, the search attributes the
 * Web UI filters on, and the "current details" line the UI shows. Kept in one object so the
 * three never disagree.
 */
import { setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { parameterize } from '../src/domain/parameterize.js';
import {
  ROTATION_API_USER,
  ROTATION_APPLICATION,
  ROTATION_ENVIRONMENT,
  ROTATION_OUTCOME,
  ROTATION_STEP,
} from './search-attributes.js';
import type {
  DecisionRecord,
  RotationOutcome,
  RotationStatus,
  StepName,
  StepRecord,
  ValidRotationInput,
} from './types.js';

export class RotationRecord {
  readonly status: RotationStatus;

  constructor(input: Pick<ValidRotationInput, 'environment' | 'apiUser' | 'application' | 'trigger' | 'startedBy'>) {
    this.status = {
      workflowInput: {
        environment: input.environment,
        apiUser: input.apiUser,
        application: input.application,
        trigger: input.trigger,
        ...(input.startedBy !== undefined ? { startedBy: input.startedBy } : {}),
      },
      currentStep: 'triage',
      summary: 'Deciding whether this token is rotated automatically',
      steps: [],
      oldTokens: [],
      decisions: [],
    };
    upsertSearchAttributes([
      { key: ROTATION_ENVIRONMENT, value: input.environment },
      { key: ROTATION_API_USER, value: input.apiUser },
      { key: ROTATION_APPLICATION, value: parameterize(input.application) },
    ]);
  }

  /** Marks a step as running and says in words what is happening. */
  begin(step: StepName, summary: string): void {
    this.status.steps.push({ step, startedAt: new Date().toISOString(), outcome: 'running' });
    this.status.currentStep = step;
    this.say(summary);
    upsertSearchAttributes([{ key: ROTATION_STEP, value: step }]);
  }

  end(outcome: StepRecord['outcome'], detail?: string): void {
    const current = this.status.steps.at(-1);
    if (!current || current.outcome !== 'running') return;
    current.outcome = outcome;
    current.endedAt = new Date().toISOString();
    if (detail) current.detail = detail;
  }

  /** Runs one step, recording its start, end and outcome; failures are recorded and rethrown. */
  async step<T>(step: StepName, summary: string, work: () => Promise<T>, describe?: (result: T) => string): Promise<T> {
    this.begin(step, summary);
    try {
      const result = await work();
      this.end('succeeded', describe?.(result));
      return result;
    } catch (error) {
      this.end('failed', error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  skip(step: StepName, reason: string): void {
    const at = new Date().toISOString();
    this.status.steps.push({ step, startedAt: at, endedAt: at, outcome: 'skipped', detail: reason });
  }

  decide(decision: Omit<DecisionRecord, 'at'>): DecisionRecord {
    const recorded = { ...decision, at: new Date().toISOString() };
    this.status.decisions.push(recorded);
    return recorded;
  }

  finish(outcome: RotationOutcome, reason: string): void {
    this.end(outcome === 'failed' ? 'failed' : 'succeeded');
    this.status.outcome = outcome;
    this.status.outcomeReason = reason;
    this.status.currentStep = 'done';
    this.say(`Finished: ${outcome}. ${reason}`);
    upsertSearchAttributes([
      { key: ROTATION_STEP, value: 'done' },
      { key: ROTATION_OUTCOME, value: outcome },
    ]);
  }

  private say(summary: string): void {
    this.status.summary = summary;
    setCurrentDetails(summary);
  }
}
