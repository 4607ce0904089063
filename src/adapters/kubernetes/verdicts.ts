/**
 * When a wait is over. Both judges read only fields that are spelled the same in client-node's
 * typed objects and in the raw JSON a watch delivers, so one shape serves both.
 */
import { PermanentFailure } from '../../domain/errors.js';

interface ConditionState {
  type: string;
  status: string;
  reason?: string;
}

export interface JobState {
  status?: { succeeded?: number; conditions?: ConditionState[] };
}

export interface DeploymentState {
  metadata?: { generation?: number };
  spec?: { replicas?: number };
  status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; availableReplicas?: number; conditions?: ConditionState[] };
}

/** True once the Job succeeded; throws PermanentFailure naming it once it failed. */
export function jobSucceeded(job: JobState, reference: string): boolean {
  const conditions = job.status?.conditions ?? [];
  const failed = conditions.find((condition) => condition.type === 'Failed' && condition.status === 'True');
  if (failed) throw new PermanentFailure(`sync Job ${reference} failed: ${failed.reason ?? 'no reason given'}`);
  const complete = conditions.some((condition) => condition.type === 'Complete' && condition.status === 'True');
  return complete || (job.status?.succeeded ?? 0) > 0;
}

/** `kubectl rollout status` for a Deployment: true when rolled out, throws on a missed progress deadline. */
export function rolloutComplete(deployment: DeploymentState, reference: string): boolean {
  const status = deployment.status ?? {};
  // Until the controller has seen the latest spec, the counters describe the previous one.
  if ((deployment.metadata?.generation ?? 0) > (status.observedGeneration ?? 0)) return false;
  const progressing = status.conditions?.find((condition) => condition.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    throw new PermanentFailure(`Deployment ${reference} exceeded its progress deadline`);
  }
  const updated = status.updatedReplicas ?? 0;
  if (deployment.spec?.replicas !== undefined && updated < deployment.spec.replicas) return false;
  // Old pods still counted: they hold the old token.
  if ((status.replicas ?? 0) > updated) return false;
  return (status.availableReplicas ?? 0) >= updated;
}
