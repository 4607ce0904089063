/**
 * Stakater Reloader (annotations strategy): when a Secret's data changes, every Deployment
 * annotated `reloader.stakater.com/auto: "true"` that references the Secret through a
 * secretKeyRef gets a pod-template annotation carrying the Secret's hash, which makes the
 * Deployment roll. Creating a Secret triggers nothing, as with Reloader's default flags.
 */
import { createHash } from 'node:crypto';
import type { DeploymentController } from './deployment-controller.js';
import { NAMESPACE, RELOADER_AUTO_ANNOTATION } from './manifests.js';
import type { Deployment, Secret } from './objects.js';
import type { ObjectStore } from './store.js';
import type { Timers } from './timers.js';

const LAST_RELOADED_FROM = 'reloader.stakater.com/last-reloaded-from';

function dataHash(secret: Secret): string {
  const entries = Object.entries(secret.data).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha1').update(JSON.stringify(entries)).digest('hex');
}

function referencedContainers(deployment: Deployment, secretName: string): string[] {
  const { containers, initContainers = [] } = deployment.spec.template.spec;
  return [...initContainers, ...containers]
    .filter((container) => (container.env ?? []).some((variable) => variable.valueFrom?.secretKeyRef?.name === secretName))
    .map((container) => container.name);
}

export function startReloader(store: ObjectStore, timers: Timers, deployments: DeploymentController): () => void {
  const hashes = new Map<string, string>();
  for (const secret of store.list('Secret', NAMESPACE)) hashes.set(secret.metadata.name, dataHash(secret));

  function reload(secret: Secret): void {
    const hash = dataHash(secret);
    for (const deployment of store.list('Deployment', secret.metadata.namespace)) {
      if (deployment.metadata.annotations?.[RELOADER_AUTO_ANNOTATION] !== 'true') continue;
      const containerRefs = referencedContainers(deployment, secret.metadata.name);
      if (containerRefs.length === 0) continue;
      const annotation = JSON.stringify({ type: 'SECRET', name: secret.metadata.name, namespace: secret.metadata.namespace, hash, containerRefs, observedAt: Math.floor(Date.now() / 1000) });
      store.update('Deployment', deployment.metadata.namespace, deployment.metadata.name, (stored) => {
        stored.spec.template.metadata.annotations = { ...stored.spec.template.metadata.annotations, [LAST_RELOADED_FROM]: annotation };
      });
      deployments.rollout(deployment.metadata.name);
    }
  }

  return store.subscribe((event) => {
    if (event.object.kind !== 'Secret' || event.type === 'DELETED') return;
    const secret = event.object;
    const hash = dataHash(secret);
    const before = hashes.get(secret.metadata.name);
    hashes.set(secret.metadata.name, hash);
    if (event.type === 'MODIFIED' && before !== hash) timers.after(0, () => reload(secret));
  });
}
