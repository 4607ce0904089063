/**
 * The outside systems as the activities see them. Each has a sandbox implementation and (for
 * Kubernetes and the server APIs) the production one; activities receive them through
 * `createActivities(deps)`, so tests and the sandbox swap the world, not the code.
 *
 * Token text crosses these interfaces only where an activity must hold it for a moment
 * (smoke call, comparing pod environments); everything returned to a workflow carries
 * ids and fingerprints instead.
 */

export interface ApiUser {
  id: string;
  name: string;
  email: string;
  suspended: boolean;
}

export interface SignonApplication {
  id: string;
  name: string;
  retired: boolean;
}

/** One Doorkeeper access token row, without its secret. */
export interface TokenRecord {
  id: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  /** Keyed fingerprint of the token text (see src/domain/fingerprint.ts). */
  fingerprint: string;
}

export interface SignonGateway {
  findApiUser(email: string): Promise<ApiUser | null>;
  /** Matches the application's name or its parameterized form (as the alert label carries it). */
  findApplication(nameOrSlug: string): Promise<SignonApplication | null>;
  /** Every token of the user for the application, revoked ones included. */
  listTokens(apiUserId: string, applicationId: string): Promise<TokenRecord[]>;
  /** When a client last validated a token of this user for this application, or null if never. */
  lastSyncedAt(apiUserId: string, applicationId: string): Promise<string | null>;
  /** Mints a new token with Signon's default life. Not idempotent by itself: callers adopt. */
  createToken(apiUserId: string, applicationId: string): Promise<TokenRecord>;
  /** Revokes a token; revoking an already-revoked token succeeds. */
  revokeToken(tokenId: string): Promise<{ alreadyRevoked: boolean }>;
  /** The token text, for the moment an activity needs it (smoke call, hand-over). */
  revealToken(tokenId: string): Promise<string>;
}

/** A container that reads the token Secret through env[].valueFrom.secretKeyRef. */
export interface SecretConsumer {
  deployment: string;
  container: string;
  envVar: string;
}

export interface RunningPod {
  name: string;
  deployment: string;
}

export interface KubernetesGateway {
  /**
   * Creates a Job from the CronJob's template as `kubectl create job --from=cronjob` does.
   * If a Job of that name exists already (a retry after a lost response) it is adopted.
   */
  createJobFromCronJob(namespace: string, cronJobName: string, jobName: string): Promise<{ created: boolean }>;
  /** Resolves when the Job succeeds; throws PermanentFailure naming the Job when it fails. */
  waitForJob(namespace: string, jobName: string, onProgress: () => void, signal: AbortSignal): Promise<void>;
  /** The decoded value of one key of a Secret, or null if the Secret or key is missing. */
  readSecretValue(namespace: string, secretName: string, key: string): Promise<string | null>;
  /** Every Deployment container that binds the Secret's key to an env var. */
  findSecretConsumers(namespace: string, secretName: string, key: string): Promise<SecretConsumer[]>;
  /** Resolves when the Deployment's rollout is complete, as `kubectl rollout status` judges it. */
  waitForRollout(namespace: string, deployment: string, onProgress: () => void, signal: AbortSignal): Promise<void>;
  /** Running, not-terminating pods of a Deployment (by its selector). */
  listRunningPods(namespace: string, deployment: string): Promise<RunningPod[]>;
  /** `printenv <envVar>` in the container; null when the variable is unset. */
  readPodEnv(namespace: string, pod: string, container: string, envVar: string): Promise<string | null>;
}

export interface SmokeCallResult {
  status: number;
  durationMs: number;
}

export interface ServerApiClient {
  /**
   * Makes the cheap authenticated request configured for the server application.
   * Throws PermanentFailure on 401/403 (the token does not work) and on unknown applications.
   */
  smokeCall(application: string, token: string, signal: AbortSignal): Promise<SmokeCallResult>;
}
