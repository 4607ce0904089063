/** Pod objects as the ReplicaSet and Job controllers create them, and as the kubelet advances them. */
import { createHash, randomInt } from 'node:crypto';
import { nameSuffix, nowIso } from './names.js';
import type { OwnerReference, Pod, PodTemplate } from './objects.js';
import type { Draft } from './store.js';

/** Stands in for the ReplicaSet's pod-template-hash: equal templates, equal hash. */
export function templateHash(template: PodTemplate): string {
  return createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 10);
}

export function newPod(namespace: string, namePrefix: string, template: PodTemplate, labels: Record<string, string>, owner?: OwnerReference): Draft<'Pod'> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${namePrefix}-${nameSuffix()}`,
      namespace,
      labels: { ...template.metadata.labels, ...labels },
      ...(template.metadata.annotations ? { annotations: template.metadata.annotations } : {}),
      ...(owner ? { ownerReferences: [owner] } : {}),
    },
    spec: { ...structuredClone(template.spec), nodeName: 'sandbox-node' },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowIso() }] },
  };
}

/** What the kubelet reports once the containers have started. */
export function markRunning(pod: Pod): void {
  const now = nowIso();
  pod.status = {
    phase: 'Running',
    podIP: `10.1.${randomInt(256)}.${randomInt(1, 255)}`,
    startTime: now,
    conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now })),
    containerStatuses: pod.spec.containers.map((container) => ({ name: container.name, image: container.image, ready: true, started: true, restartCount: 0 })),
  };
}

export function markFinished(pod: Pod, phase: 'Succeeded' | 'Failed'): void {
  pod.status.phase = phase;
  pod.status.containerStatuses = pod.spec.containers.map((container) => ({ name: container.name, image: container.image, ready: false, started: false, restartCount: 0 }));
  pod.status.conditions = (pod.status.conditions ?? []).map((condition) =>
    condition.type === 'Ready' || condition.type === 'ContainersReady' ? { ...condition, status: 'False', reason: 'PodCompleted' } : condition,
  );
}
