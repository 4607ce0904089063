/**
 * The Deployment and ReplicaSet controllers plus the kubelet, folded into one loop (no
 * ReplicaSet objects). A rollout replaces pods one at a time, as the default 25% surge /
 * 25% unavailable works out for small Deployments: start a new pod, wait until it runs,
 * retire one old pod, repeat. Each step writes the Deployment status fields that
 * `kubectl rollout status` reads, so watches see the rollout unfold.
 */
import type { KubernetesFaults } from './faults.js';
import { consumerDeployment, NAMESPACE, type SeedDeployment } from './manifests.js';
import { mergeConditions } from './conditions.js';
import { nowIso } from './names.js';
import type { Deployment, DeploymentStatus, Pod } from './objects.js';
import type { PodEnvironments } from './pod-environments.js';
import { markRunning, newPod, templateHash } from './pods.js';
import type { ObjectStore } from './store.js';
import type { SimulatorTiming } from './timing.js';
import type { Timers } from './timers.js';

export interface DeploymentControllerDeps {
  store: ObjectStore;
  timers: Timers;
  faults: KubernetesFaults;
  timing: SimulatorTiming;
  environments: PodEnvironments;
}

export interface DeploymentController {
  /** Creates the Deployment with all its pods already running on the current Secrets. */
  seed(seed: SeedDeployment): void;
  /** Starts (or restarts) the progress clock and reconciles: the template has changed. */
  rollout(name: string): void;
  /** Deletes one pod of a Deployment; reconciling starts its replacement. */
  replacePod(podName: string): void;
}

function selects(deployment: Deployment, pod: Pod): boolean {
  const labels = pod.metadata.labels ?? {};
  return Object.entries(deployment.spec.selector.matchLabels).every(([key, value]) => labels[key] === value);
}

/** Kubernetes leaves zero counters out of the status it serves. */
function withoutZeros(counts: Record<string, number>): Partial<DeploymentStatus> {
  return Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));
}

export function createDeploymentController(deps: DeploymentControllerDeps): DeploymentController {
  const { store, timers, faults, timing, environments } = deps;
  const scheduled = new Set<string>();
  const lastProgress = new Map<string, number>();

  function kick(name: string): void {
    if (scheduled.has(name)) return;
    scheduled.add(name);
    timers.after(timing.rolloutStepDelayMs, () => {
      scheduled.delete(name);
      reconcile(name);
    });
  }

  function createPod(deployment: Deployment, hash: string, running: boolean): void {
    const draft = newPod(NAMESPACE, `${deployment.metadata.name}-${hash}`, deployment.spec.template, { 'pod-template-hash': hash });
    if (running) markRunning(draft as Pod);
    const pod = store.create(draft);
    // The container environment is fixed now, from the Secrets as they are at this moment.
    environments.capture(pod);
    if (running) return;
    timers.after(timing.podStartDelayMs, () => {
      store.update('Pod', NAMESPACE, pod.metadata.name, markRunning);
      kick(deployment.metadata.name);
    });
  }

  function retire(deployment: Deployment, pod: Pod): void {
    const { name } = pod.metadata;
    store.update('Pod', NAMESPACE, name, (stored) => {
      stored.metadata.deletionTimestamp = nowIso();
      stored.metadata.deletionGracePeriodSeconds = 30;
    });
    timers.after(timing.podTerminationMs, () => {
      store.delete('Pod', NAMESPACE, name);
      environments.forget(NAMESPACE, name);
      kick(deployment.metadata.name);
    });
  }

  function writeStatus(deployment: Deployment, hash: string, live: Pod[], current: Pod[]): boolean {
    const replicas = deployment.spec.replicas;
    const available = live.filter((pod) => pod.status.phase === 'Running').length;
    const complete = current.length === replicas && live.length === replicas && available === replicas;
    const name = deployment.metadata.name;
    const started = lastProgress.get(name) ?? Date.now();
    const timedOut = !complete && Date.now() - started > timing.progressDeadlineMs;
    const replicaSet = `ReplicaSet "${name}-${hash}"`;
    const minimumAvailable = replicas - Math.floor(replicas * 0.25);
    const availableCondition = available >= minimumAvailable
      ? { type: 'Available', status: 'True' as const, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : { type: 'Available', status: 'False' as const, reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' };
    const progressingCondition = complete
      ? { type: 'Progressing', status: 'True' as const, reason: 'NewReplicaSetAvailable', message: `${replicaSet} has successfully progressed.` }
      : timedOut
        ? { type: 'Progressing', status: 'False' as const, reason: 'ProgressDeadlineExceeded', message: `${replicaSet} has timed out progressing.` }
        : { type: 'Progressing', status: 'True' as const, reason: 'ReplicaSetUpdated', message: `${replicaSet} is progressing.` };
    store.update('Deployment', NAMESPACE, name, (stored) => {
      stored.status = {
        observedGeneration: stored.metadata.generation ?? 1,
        ...withoutZeros({
          replicas: live.length,
          updatedReplicas: current.length,
          readyReplicas: available,
          availableReplicas: available,
          unavailableReplicas: Math.max(0, replicas - available),
        }),
        conditions: mergeConditions(stored.status.conditions, [availableCondition, progressingCondition], nowIso()),
      };
    });
    return complete;
  }

  function reconcile(name: string): void {
    const deployment = store.get('Deployment', NAMESPACE, name);
    if (!deployment) return;
    const hash = templateHash(deployment.spec.template);
    const live = store.list('Pod', NAMESPACE).filter((pod) => selects(deployment, pod) && !pod.metadata.deletionTimestamp);
    const current = live.filter((pod) => pod.metadata.labels?.['pod-template-hash'] === hash);
    const old = live.filter((pod) => !current.includes(pod));
    const starting = current.some((pod) => pod.status.phase === 'Pending');
    const stalled = faults.stallRollouts && current.length > 0 && old.length > 0;
    if (!starting && !stalled) {
      const oldest = old[0];
      if (current.length < deployment.spec.replicas && live.length <= deployment.spec.replicas) {
        createPod(deployment, hash, false);
        lastProgress.set(name, Date.now());
      } else if (oldest) {
        retire(deployment, oldest);
        lastProgress.set(name, Date.now());
      }
    }
    const refreshed = store.list('Pod', NAMESPACE).filter((pod) => selects(deployment, pod) && !pod.metadata.deletionTimestamp);
    const complete = writeStatus(deployment, hash, refreshed, refreshed.filter((pod) => pod.metadata.labels?.['pod-template-hash'] === hash));
    // Until done, look again each step: pods start, faults clear, deadlines pass.
    if (!complete) kick(name);
  }

  return {
    seed(seed) {
      const deployment = store.create(consumerDeployment(seed));
      const hash = templateHash(deployment.spec.template);
      for (let index = 0; index < seed.replicas; index += 1) createPod(deployment, hash, true);
      reconcile(seed.name);
    },
    rollout(name) {
      lastProgress.set(name, Date.now());
      kick(name);
    },
    replacePod(podName) {
      const pod = store.get('Pod', NAMESPACE, podName);
      const deployment = pod && store.list('Deployment', NAMESPACE).find((candidate) => selects(candidate, pod));
      if (pod && deployment && !pod.metadata.deletionTimestamp) retire(deployment, pod);
    },
  };
}
