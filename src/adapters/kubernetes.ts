/**
 * The production KubernetesGateway, on @kubernetes/client-node: runs Signon's token-sync
 * CronJob as a one-off Job, follows it and the consumer rollouts with watches, and reads the
 * token back from Secrets and from running pods. Every call has a timeout; every error that
 * leaves here is short and free of credentials and command output (see ./kubernetes/errors.ts).
 */
import type { KubeConfig, V1Deployment } from '@kubernetes/client-node';
import { PermanentFailure } from '../domain/errors.js';
import { createLogger, type Logger } from '../log.js';
import type { KubernetesGateway, RunningPod } from '../ports.js';
import { createApiClients } from './kubernetes/api-clients.js';
import { secretConsumers } from './kubernetes/consumers.js';
import { describeFailure, httpStatusOf } from './kubernetes/errors.js';
import { execPrintenv } from './kubernetes/exec-printenv.js';
import { isOwnedBy, jobFromCronJob } from './kubernetes/job-from-cronjob.js';
import { labelSelectorQuery } from './kubernetes/label-selector.js';
import { jobSucceeded, rolloutComplete } from './kubernetes/verdicts.js';
import { watchUntil, type WatchTiming } from './kubernetes/watch-until.js';

export interface KubernetesGatewayOptions {
  /** Per REST request. */
  requestTimeoutMs?: number;
  /** Per exec, from connecting to the command's exit status. */
  execTimeoutMs?: number;
  /** How often waits call onProgress (the activity heartbeat). */
  progressIntervalMs?: number;
  watchTimeoutSeconds?: number;
  watchRetryDelayMs?: number;
  logger?: Logger;
}

const DEFAULTS = {
  requestTimeoutMs: 15_000,
  execTimeoutMs: 20_000,
  progressIntervalMs: 5_000,
  watchTimeoutSeconds: 300,
  watchRetryDelayMs: 1_000,
};

/** Runs a call, turning any failure into a safe error; `onStatus` may answer chosen statuses instead. */
async function call<T>(action: string, run: () => Promise<T>, onStatus?: (status: number) => T | undefined): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const status = httpStatusOf(error);
    const answer = status === undefined ? undefined : onStatus?.(status);
    if (answer !== undefined) return answer;
    throw describeFailure(error, action);
  }
}

export function createKubernetesGateway(kubeConfig: KubeConfig, options: KubernetesGatewayOptions = {}): KubernetesGateway {
  const settings = { ...DEFAULTS, ...options };
  const logger = options.logger ?? createLogger('kubernetes');
  const { core, apps, batch } = createApiClients(kubeConfig, settings.requestTimeoutMs);
  const watchTiming: WatchTiming = {
    progressIntervalMs: settings.progressIntervalMs,
    watchTimeoutSeconds: settings.watchTimeoutSeconds,
    retryDelayMs: settings.watchRetryDelayMs,
    stallGuardMs: settings.watchTimeoutSeconds * 1000 + settings.requestTimeoutMs,
  };

  async function readDeployment(namespace: string, name: string): Promise<V1Deployment> {
    const found = await call(`read Deployment ${namespace}/${name}`, () => apps.readNamespacedDeployment({ namespace, name }), (status) => (status === 404 ? null : undefined));
    if (!found) throw new PermanentFailure(`Deployment ${namespace}/${name} not found`);
    return found;
  }

  return {
    async createJobFromCronJob(namespace, cronJobName, jobName) {
      const cronJob = await call(
        `read CronJob ${namespace}/${cronJobName}`,
        () => batch.readNamespacedCronJob({ namespace, name: cronJobName }),
        (status) => (status === 404 ? null : undefined),
      );
      if (!cronJob) throw new PermanentFailure(`CronJob ${namespace}/${cronJobName} not found`);
      const body = jobFromCronJob(cronJob, namespace, jobName);
      const created = await call(`create Job ${namespace}/${jobName}`, async () => (await batch.createNamespacedJob({ namespace, body }), true), (status) => (status === 409 ? false : undefined));
      if (created) return { created: true };
      // 409: an earlier attempt created it and lost the answer. Adopt it, but only if it is ours.
      const existing = await call(`read Job ${namespace}/${jobName}`, () => batch.readNamespacedJob({ namespace, name: jobName }));
      if (!isOwnedBy(existing, cronJob)) {
        throw new PermanentFailure(`Job ${namespace}/${jobName} already exists and was not created from CronJob ${namespace}/${cronJobName}`);
      }
      logger.info({ job: `${namespace}/${jobName}` }, 'adopting the Job an earlier attempt created');
      return { created: false };
    },

    waitForJob(namespace, jobName, onProgress, signal) {
      const description = `Job ${namespace}/${jobName}`;
      return watchUntil(
        kubeConfig,
        {
          description,
          collectionPath: `/apis/batch/v1/namespaces/${namespace}/jobs`,
          name: jobName,
          list: async () => {
            const list = await call(`list ${description}`, () => batch.listNamespacedJob({ namespace, fieldSelector: `metadata.name=${jobName}` }));
            return { object: list.items[0], resourceVersion: list.metadata?.resourceVersion ?? '' };
          },
          judge: (job) => jobSucceeded(job, `${namespace}/${jobName}`),
        },
        watchTiming,
        logger,
        onProgress,
        signal,
      );
    },

    async readSecretValue(namespace, secretName, key) {
      const secret = await call(
        `read Secret ${namespace}/${secretName}`,
        () => core.readNamespacedSecret({ namespace, name: secretName }),
        (status) => (status === 404 ? null : undefined),
      );
      const encoded = secret?.data?.[key];
      return encoded === undefined ? null : Buffer.from(encoded, 'base64').toString('utf8');
    },

    async findSecretConsumers(namespace, secretName, key) {
      const list = await call(`list Deployments in ${namespace}`, () => apps.listNamespacedDeployment({ namespace }));
      return secretConsumers(list.items, secretName, key);
    },

    waitForRollout(namespace, deployment, onProgress, signal) {
      const description = `Deployment ${namespace}/${deployment}`;
      return watchUntil(
        kubeConfig,
        {
          description,
          collectionPath: `/apis/apps/v1/namespaces/${namespace}/deployments`,
          name: deployment,
          list: async () => {
            const list = await call(`list ${description}`, () => apps.listNamespacedDeployment({ namespace, fieldSelector: `metadata.name=${deployment}` }));
            return { object: list.items[0], resourceVersion: list.metadata?.resourceVersion ?? '' };
          },
          judge: (object) => rolloutComplete(object, `${namespace}/${deployment}`),
        },
        watchTiming,
        logger,
        onProgress,
        signal,
      );
    },

    async listRunningPods(namespace, deployment): Promise<RunningPod[]> {
      const found = await readDeployment(namespace, deployment);
      const labelSelector = found.spec?.selector ? labelSelectorQuery(found.spec.selector) : '';
      // An empty selector would match every pod in the namespace.
      if (labelSelector === '') throw new PermanentFailure(`Deployment ${namespace}/${deployment} has an empty selector`);
      const pods = await call(`list pods of Deployment ${namespace}/${deployment}`, () => core.listNamespacedPod({ namespace, labelSelector }));
      return pods.items
        .filter((pod) => pod.status?.phase === 'Running' && !pod.metadata?.deletionTimestamp)
        .map((pod) => ({ name: pod.metadata?.name ?? '', deployment }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },

    readPodEnv(namespace, pod, container, envVar) {
      return execPrintenv(kubeConfig, namespace, pod, container, envVar, settings.execTimeoutMs);
    },
  };
}
