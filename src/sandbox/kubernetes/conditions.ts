import type { Condition } from './objects.js';

/**
 * Merges freshly computed conditions into the previous ones the way controllers do: the
 * transition time moves only when the status flips, the update time only when something
 * about the condition changed. Keeping them stable also keeps no-op writes no-ops.
 */
export function mergeConditions(previous: Condition[] | undefined, next: Array<Omit<Condition, 'lastTransitionTime' | 'lastUpdateTime'>>, now: string): Condition[] {
  return next.map((condition) => {
    const before = previous?.find((candidate) => candidate.type === condition.type);
    const sameStatus = before?.status === condition.status;
    const unchanged = sameStatus && before?.reason === condition.reason && before?.message === condition.message;
    return {
      ...condition,
      lastUpdateTime: unchanged && before?.lastUpdateTime ? before.lastUpdateTime : now,
      lastTransitionTime: sameStatus && before?.lastTransitionTime ? before.lastTransitionTime : now,
    };
  });
}
