/**
 * The objects the simulated cluster starts with, shaped like the govuk-helm-charts ones:
 * Signon's token-sync CronJob and the consumer Deployments a scenario asks for.
 */
import type { Container, EnvVar } from './objects.js';
import type { Draft } from './store.js';

export const NAMESPACE = 'apps';
export const SYNC_CRONJOB_NAME = 'signon-sync-token-secrets-to-k8s';
export const SYNC_TASK = 'kubernetes:sync_token_secrets';
export const TOKEN_SECRET_KEY = 'bearer_token';
export const RELOADER_AUTO_ANNOTATION = 'reloader.stakater.com/auto';

/** A consumer Deployment to seed: each env entry binds a variable to a Secret key. */
export interface SeedDeployment {
  name: string;
  replicas: number;
  containers: Array<{ name: string; env: Array<{ name: string; secretName: string; key?: string }> }>;
}

export function syncCronJob(): Draft<'CronJob'> {
  const labels = { 'app.kubernetes.io/name': 'signon', 'app.kubernetes.io/component': 'sync-token-secrets-to-k8s' };
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: SYNC_CRONJOB_NAME, namespace: NAMESPACE, labels },
    spec: {
      schedule: '7 1 * * *',
      timeZone: 'Europe/London',
      concurrencyPolicy: 'Forbid',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: 0,
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'Never',
              serviceAccountName: 'signon',
              containers: [{ name: 'signon-sync', image: 'signon:sandbox', command: ['rake', SYNC_TASK] }],
            },
          },
        },
      },
    },
    status: {},
  };
}

function consumerContainer(deployment: string, seed: SeedDeployment['containers'][number]): Container {
  const env: EnvVar[] = [
    // A plain variable beside the secret ones, as every GOV.UK app has.
    { name: 'GOVUK_APP_NAME', value: deployment },
    ...seed.env.map((variable) => ({
      name: variable.name,
      valueFrom: { secretKeyRef: { name: variable.secretName, key: variable.key ?? TOKEN_SECRET_KEY } },
    })),
  ];
  return { name: seed.name, image: `${deployment}:sandbox`, env };
}

export function consumerDeployment(seed: SeedDeployment): Draft<'Deployment'> {
  const labels = { app: seed.name, 'app.kubernetes.io/name': seed.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: seed.name, namespace: NAMESPACE, labels, annotations: { [RELOADER_AUTO_ANNOTATION]: 'true' } },
    spec: {
      replicas: seed.replicas,
      selector: { matchLabels: { app: seed.name } },
      template: { metadata: { labels }, spec: { containers: seed.containers.map((container) => consumerContainer(seed.name, container)) } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
}
