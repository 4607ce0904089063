/**
 * All activities, built from injected adapters: the worker passes production or sandbox
 * adapters, tests pass simulators, and the workflow only ever sees these functions' types.
 */
import { createApprovalActivities } from './approval.js';
import type { ActivityDeps } from './deps.js';
import { createKubernetesActivities } from './kubernetes.js';
import { createServerApiActivities } from './server-api.js';
import { createSignonActivities } from './signon.js';

export function createActivities(deps: ActivityDeps) {
  const signon = createSignonActivities(deps);
  return {
    ...signon,
    // A separate name for compensation so the history says what happened, not just "revoke".
    revokeUnusedNewToken: signon.revokeOld,
    ...createKubernetesActivities(deps),
    ...createServerApiActivities(deps),
    ...createApprovalActivities(deps),
  };
}

export type RotationActivities = ReturnType<typeof createActivities>;
export type { ActivityDeps, RotationPolicy } from './deps.js';
