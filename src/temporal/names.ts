/** Names that the worker, every starter and the README must agree on. */
import { parameterize } from '../domain/parameterize.js';

export const TASK_QUEUE = 'signon-token-rotation';
export const WORKFLOW_TYPE = 'rotateSignonToken';

/**
 * One id per token being rotated, readable in the Web UI's list: a second start for the same
 * token attaches to (or is refused by) the running one instead of rotating twice.
 */
export function rotationWorkflowId(request: { environment: string; apiUser: string; application: string }): string {
  return `rotate-${request.environment}-${request.apiUser.trim().toLowerCase()}-${parameterize(request.application)}`;
}
