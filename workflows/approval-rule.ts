/**
 * Who may approve revoking the old token. The rule comes from the worker's configuration
 * (resolved by a local activity and so recorded in history), never from the workflow input:
 * whoever starts a rotation, e.g. from the Web UI, must not be able to choose its approvers.
 * Pure and deterministic, so the signal handler and the update validator share it.
 */
export interface ApprovalRule {
  environment: string;
  /** Who may approve, compared case-insensitively; null lets any named person approve (sandbox without a list). */
  approvers: string[] | null;
  /** Four eyes: the person who started the rotation may not approve it. */
  notStarter: boolean;
}

export type ApprovalCheck = { allowed: true } | { allowed: false; reason: string };

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function checkApprover(rule: ApprovalRule | undefined, by: string, startedBy: string | undefined): ApprovalCheck {
  if (rule === undefined) return { allowed: false, reason: 'the approval rule is not known yet' };
  if (rule.approvers !== null && !rule.approvers.some((name) => sameName(name, by))) {
    return { allowed: false, reason: `${by} is not on the approver list for ${rule.environment}` };
  }
  if (rule.notStarter && startedBy !== undefined && sameName(startedBy, by)) {
    return { allowed: false, reason: `${by} started this rotation and may not also approve it` };
  }
  return { allowed: true };
}
