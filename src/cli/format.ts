/** Renders a rotation's status for a terminal: ids and fingerprints, never token text. */
import type { RotationStatus } from '../../workflows/types.js';

export function formatTimeline(status: RotationStatus): string {
  const lines = [
    `${status.workflowInput.environment} ${status.workflowInput.apiUser} -> ${status.workflowInput.application} (trigger: ${status.workflowInput.trigger})`,
    `now: ${status.currentStep} - ${status.summary}`,
  ];
  if (status.consumerKind) lines.push(`consumer: ${status.consumerKind}`);
  for (const token of status.oldTokens) lines.push(`old token ${token.id} ${token.fingerprint} expires ${token.expiresAt}`);
  if (status.newToken) lines.push(`new token ${status.newToken.id} ${status.newToken.fingerprint} expires ${status.newToken.expiresAt}`);
  lines.push('steps:');
  for (const step of status.steps) {
    const ended = step.endedAt ? ` -> ${step.endedAt}` : '';
    lines.push(`  ${step.step.padEnd(21)} ${step.outcome.padEnd(9)} ${step.startedAt}${ended}${step.detail ? `  ${step.detail}` : ''}`);
  }
  if (status.decisions.length > 0) {
    lines.push('decisions:');
    for (const decision of status.decisions) {
      lines.push(`  ${decision.at} ${decision.kind} by ${decision.by}: ${decision.accepted ? 'accepted' : 'refused'}${decision.note ? ` (${decision.note})` : ''}`);
    }
  }
  if (status.outcome) lines.push(`outcome: ${status.outcome} - ${status.outcomeReason ?? ''}`);
  return lines.join('\n');
}
