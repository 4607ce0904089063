/**
 * Starts the simulated Kubernetes API on 127.0.0.1: the REST and exec endpoints, the Job,
 * Deployment and Reloader controllers, seeded with Signon's sync CronJob, the Secrets a
 * first sync writes, and the consumer Deployments the scenario names.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ApiContext, SimulatorStats } from './context.js';
import { createDeploymentController } from './deployment-controller.js';
import { createExecEndpoint } from './exec.js';
import { handleFaults, isFaultsRequest } from './fault-routes.js';
import { noFaults, type KubernetesFaults } from './faults.js';
import { startJobController } from './job-controller.js';
import { simulatorKubeConfig } from './kubeconfig.js';
import { NAMESPACE, syncCronJob, TOKEN_SECRET_KEY, type SeedDeployment } from './manifests.js';
import type { Deployment, Job } from './objects.js';
import { PodEnvironments, type ContainerEnv } from './pod-environments.js';
import { startReloader } from './reloader.js';
import { handleRest } from './rest.js';
import { sendStatus } from './responses.js';
import { failureStatus } from './objects.js';
import { ObjectStore } from './store.js';
import { applySecretValue, syncTokenSecrets, type SyncSource } from './sync-task.js';
import { DEFAULT_TIMING, type SimulatorTiming } from './timing.js';
import { Timers } from './timers.js';

export interface KubernetesSimulatorOptions {
  syncSource: SyncSource;
  deployments?: SeedDeployment[];
  timing?: Partial<SimulatorTiming>;
  /** 0 (the default) picks a free port. */
  port?: number;
}

/** A pod as a test sees it: where it stands and what each container's environment holds. */
export interface PodView {
  name: string;
  deployment: string | undefined;
  phase: string;
  terminating: boolean;
  env: Record<string, ContainerEnv>;
}

export interface KubernetesSimulatorState {
  store: ObjectStore;
  faults: KubernetesFaults;
  stats: SimulatorStats;
}

export interface KubernetesSimulator {
  url: string;
  /** Points at `url` over plain HTTP with the simulator's bearer token. */
  kubeConfig: KubeConfig;
  /** The token the kubeConfig carries (tests check it never leaks into errors). */
  bearerToken: string;
  state: KubernetesSimulatorState;
  faults: KubernetesFaults;
  /** Decoded value of a Secret key in `apps`, or null. */
  readSecretValue(secretName: string, key?: string): string | null;
  /** Writes a Secret key in `apps` as the sync task would (Reloader reacts to a change). */
  writeSecretValue(secretName: string, value: string, key?: string): void;
  /** Runs the sync task directly, without a Job. */
  runSync(): Promise<void>;
  /** Pods in `apps`, optionally only those of one Deployment. */
  listPods(deployment?: string): PodView[];
  getDeployment(name: string): Deployment | undefined;
  getJob(name: string): Job | undefined;
  close(): Promise<void>;
}

export async function startKubernetesSimulator(options: KubernetesSimulatorOptions): Promise<KubernetesSimulator> {
  const timing: SimulatorTiming = { ...DEFAULT_TIMING, ...options.timing };
  const store = new ObjectStore();
  const timers = new Timers();
  const faults = noFaults();
  const environments = new PodEnvironments(store);
  const stats: SimulatorStats = { requests: 0, watches: {}, execs: 0 };
  const bearerToken = randomBytes(24).toString('base64url');
  const openWatches = new Set<ServerResponse>();

  store.create(syncCronJob());
  // The nightly sync has run before: the Secrets exist before any consumer pod starts.
  syncTokenSecrets(store, await options.syncSource());
  const deployments = createDeploymentController({ store, timers, faults, timing, environments });
  const ctx: ApiContext = {
    store,
    environments,
    faults,
    stats,
    bearerToken,
    openWatches,
    replacePod: (namespace, pod) => {
      if (namespace === NAMESPACE) deployments.replacePod(pod);
    },
  };
  for (const seed of options.deployments ?? []) deployments.seed(seed);
  const stopJobs = startJobController({ store, timers, faults, timing, syncSource: options.syncSource });
  const stopReloader = startReloader(store, timers, deployments);

  const exec = createExecEndpoint(ctx);
  const server = createServer((req, res) => {
    const handled = isFaultsRequest(req) ? handleFaults(ctx, req, res) : handleRest(ctx, req, res);
    handled.catch(() => {
      if (!res.headersSent) sendStatus(res, failureStatus(500, 'InternalError', 'an error on the server has prevented the request from succeeding'));
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => exec.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    kubeConfig: simulatorKubeConfig(url, bearerToken),
    bearerToken,
    state: { store, faults, stats },
    faults,
    readSecretValue(secretName, key = TOKEN_SECRET_KEY) {
      const encoded = store.get('Secret', NAMESPACE, secretName)?.data[key];
      return encoded === undefined ? null : Buffer.from(encoded, 'base64').toString('utf8');
    },
    writeSecretValue(secretName, value, key = TOKEN_SECRET_KEY) {
      applySecretValue(store, secretName, value, key);
    },
    async runSync() {
      syncTokenSecrets(store, await options.syncSource());
    },
    listPods(deployment) {
      return store
        .list('Pod', NAMESPACE)
        .filter((pod) => deployment === undefined || pod.metadata.labels?.app === deployment)
        .map((pod) => ({
          name: pod.metadata.name,
          deployment: pod.metadata.labels?.['pod-template-hash'] ? pod.metadata.labels.app : undefined,
          phase: pod.status.phase,
          terminating: pod.metadata.deletionTimestamp !== undefined,
          env: Object.fromEntries(pod.spec.containers.map((container) => [container.name, environments.env(NAMESPACE, pod.metadata.name, container.name) ?? {}])),
        }));
    },
    getDeployment: (name) => store.get('Deployment', NAMESPACE, name),
    getJob: (name) => store.get('Job', NAMESPACE, name),
    async close() {
      timers.stop();
      stopJobs();
      stopReloader();
      for (const res of openWatches) res.end();
      openWatches.clear();
      exec.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
