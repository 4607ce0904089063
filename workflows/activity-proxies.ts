/**
 * One proxy per failure profile: each activity gets the timeouts and retries its outside
 * call deserves. 4xx and validation failures (PermanentFailure) are never retried.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { RotationActivities } from '../activities/index.js';
import { NON_RETRYABLE_ERROR_TYPES } from '../src/domain/errors.js';

const nonRetryableErrorTypes = [...NON_RETRYABLE_ERROR_TYPES];

/** Reads the worker's own configuration: no network, so a local activity recorded in history. */
export const configReads = proxyLocalActivities<RotationActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { maximumAttempts: 3, nonRetryableErrorTypes },
});

/** Quick Signon reads and writes: a few seconds each; Signon outages are usually short. */
export const signonCalls = proxyActivities<RotationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10, nonRetryableErrorTypes },
});

/**
 * Revocation must finish once a person approved it, so it keeps trying for longer;
 * it is idempotent, so extra attempts are harmless.
 */
export const revokeCalls = proxyActivities<RotationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes', maximumAttempts: 30, nonRetryableErrorTypes },
});

/** The sync Job and rollouts take minutes; heartbeats tell a dead worker from a slow rollout. */
export const kubernetesWaits = proxyActivities<RotationActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5, nonRetryableErrorTypes },
});

/** Pods still rolling show the old token for a while: retry often, for a few minutes in all. */
export const podChecks = proxyActivities<RotationActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 1.5, maximumInterval: '15 seconds', maximumAttempts: 25, nonRetryableErrorTypes },
});

/**
 * The smoke call: 5xx and timeouts are retried, a 401/403 ends verification at once. It reads
 * the token from Signon first, so it gets as many attempts as a Signon call does.
 */
export const smokeCalls = proxyActivities<RotationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10, nonRetryableErrorTypes },
});
