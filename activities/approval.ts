/**
 * The approval rule for an environment, from the worker's configuration. Run as a local
 * activity so its answer is recorded in history and replays identically after a config change.
 */
import type { ApprovalRule } from '../workflows/approval-rule.js';
import type { ActivityDeps } from './deps.js';

export function createApprovalActivities(deps: Pick<ActivityDeps, 'policy'>) {
  return {
    async approvalRule(request: { environment: string }): Promise<ApprovalRule> {
      const approvers = deps.policy.approvers[request.environment];
      return { environment: request.environment, approvers: approvers ? [...approvers] : null, notStarter: deps.policy.approverNotStarter };
    },
  };
}
