/**
 * Kubernetes activities: run the sync Job now, wait until the Secret and its consumers have
 * caught up, then prove the running pods see the new token. They poll, so they heartbeat,
 * and they stop when Temporal cancels them.
 */
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { PermanentFailure } from '../src/domain/errors.js';
import type { SecretConsumer } from '../src/ports.js';
import type { TokenRef } from '../workflows/types.js';
import type { ActivityDeps } from './deps.js';
import { tokensMadeSincePreflight, type RotationGrant } from './signon.js';

const SECRET_KEY = 'bearer_token';
const SECRET_POLL_MS = 1_000;

export interface RunSyncJobResult {
  jobName: string;
  created: boolean;
}

export interface WaitForHealthyInput {
  secretName: string;
  expectedFingerprint: string;
  /** To recognise a token of this rotation's other than the expected one (see below). */
  grant: RotationGrant;
}

export interface WaitForHealthyResult {
  consumers: SecretConsumer[];
  /** Set when the Secret holds another token this rotation made: the one to verify and keep. */
  tokenInSecret?: TokenRef;
}

export interface VerifyEnvInput {
  consumers: SecretConsumer[];
  expectedFingerprint: string;
}

export interface PodReading {
  pod: string;
  container: string;
  envVar: string;
  fingerprint: string | null;
}

export interface VerifyEnvResult {
  pods: PodReading[];
}

/**
 * One Job name per workflow run: a retry after a crash or a lost response adopts the Job the
 * first attempt created instead of starting a second sync. Short enough for Kubernetes' 63
 * character label limit.
 */
function syncJobName(cronJobName: string, workflowId: string, runId: string): string {
  const digest = createHash('sha256').update(`${workflowId}/${runId}`).digest('hex').slice(0, 10);
  return `${cronJobName.slice(0, 40)}-rot-${digest}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });
}

export function createKubernetesActivities(deps: ActivityDeps) {
  const { kubernetes, policy, fingerprint } = deps;

  return {
    async runSyncJob(): Promise<RunSyncJobResult> {
      const context = Context.current();
      const execution = context.info.workflowExecution;
      if (!execution) throw new PermanentFailure('runSyncJob must run inside a rotation workflow');
      const { workflowId, runId } = execution;
      const jobName = syncJobName(policy.syncCronJobName, workflowId, runId);
      const { created } = await kubernetes.createJobFromCronJob(policy.namespace, policy.syncCronJobName, jobName);
      context.heartbeat({ jobName });
      await kubernetes.waitForJob(policy.namespace, jobName, () => context.heartbeat({ jobName }), context.cancellationSignal);
      return { jobName, created };
    },

    async waitForHealthy(input: WaitForHealthyInput): Promise<WaitForHealthyResult> {
      const context = Context.current();
      const signal = context.cancellationSignal;
      // The Job has succeeded, but a Secret applied by a slow API server may lag a moment.
      let tokenInSecret: TokenRef | undefined;
      for (;;) {
        const value = await kubernetes.readSecretValue(policy.namespace, input.secretName, SECRET_KEY);
        const inSecret = value === null ? null : fingerprint(value);
        if (inSecret === input.expectedFingerprint) break;
        // A create that Signon finished after its caller had timed out and retried makes a second
        // token; it expires last, so the sync picks it. It is ours: adopt it rather than wait forever.
        const ours = (await tokensMadeSincePreflight(deps.signon, input.grant, deps.now())).find((token) => token.fingerprint === inSecret);
        if (ours) {
          tokenInSecret = { id: ours.id, fingerprint: ours.fingerprint, expiresAt: ours.expiresAt };
          break;
        }
        context.heartbeat({ waitingFor: `Secret ${input.secretName}` });
        await sleep(SECRET_POLL_MS, signal);
      }
      const consumers = await kubernetes.findSecretConsumers(policy.namespace, input.secretName, SECRET_KEY);
      if (consumers.length === 0) {
        throw new PermanentFailure(
          `no Deployment in ${policy.namespace} reads Secret ${input.secretName}; nothing can prove a consumer switched`,
        );
      }
      for (const deployment of new Set(consumers.map((consumer) => consumer.deployment))) {
        await kubernetes.waitForRollout(
          policy.namespace,
          deployment,
          () => context.heartbeat({ waitingFor: `rollout of ${deployment}` }),
          signal,
        );
      }
      return tokenInSecret ? { consumers, tokenInSecret } : { consumers };
    },

    /**
     * What the runbook does in a Rails console, for every running pod: read the variable bound
     * to the Secret and compare fingerprints. Pods still on the old token mean Reloader has not
     * finished replacing them, so this fails retryably and Temporal tries again.
     */
    async verifyEnv(input: VerifyEnvInput): Promise<VerifyEnvResult> {
      const pods: PodReading[] = [];
      for (const deployment of new Set(input.consumers.map((consumer) => consumer.deployment))) {
        const running = await kubernetes.listRunningPods(policy.namespace, deployment);
        if (running.length === 0) throw new Error(`Deployment ${deployment} has no running pods yet`);
        for (const consumer of input.consumers.filter((candidate) => candidate.deployment === deployment)) {
          for (const pod of running) {
            const value = await kubernetes.readPodEnv(policy.namespace, pod.name, consumer.container, consumer.envVar);
            pods.push({
              pod: pod.name,
              container: consumer.container,
              envVar: consumer.envVar,
              fingerprint: value === null ? null : fingerprint(value),
            });
          }
        }
      }
      const stale = pods.filter((reading) => reading.fingerprint !== input.expectedFingerprint);
      if (stale.length > 0) {
        const names = stale.map((reading) => `${reading.pod}/${reading.container} ${reading.envVar}=${reading.fingerprint ?? 'unset'}`);
        throw new Error(`${stale.length} of ${pods.length} pods do not see the new token yet: ${names.join(', ')}`);
      }
      return { pods };
    },
  };
}
