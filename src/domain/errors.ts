/**
 * A failure that retrying cannot fix: a 4xx from an outside system, a validation error, a
 * sync Job that failed. Activities' retry policies list this name as non-retryable (Temporal
 * uses an Error's `name` as its failure type), so adapters stay free of Temporal imports.
 */
export class PermanentFailure extends Error {
  override readonly name = 'PermanentFailure';
}

/** Names the failure types that every activity's retry policy treats as final. */
export const NON_RETRYABLE_ERROR_TYPES = ['PermanentFailure'] as const;
