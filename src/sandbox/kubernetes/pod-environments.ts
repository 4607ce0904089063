/**
 * The environment each container actually got: resolved once, when the pod is created,
 * from the Secrets as they were then. This is why old pods keep printing the old token
 * until a rollout replaces them.
 */
import type { Pod } from './objects.js';
import type { ObjectStore } from './store.js';

export type ContainerEnv = Record<string, string>;

export class PodEnvironments {
  private readonly byPod = new Map<string, Map<string, ContainerEnv>>();

  constructor(private readonly store: ObjectStore) {}

  capture(pod: Pod): void {
    const containers = new Map<string, ContainerEnv>();
    for (const container of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
      const env: ContainerEnv = {};
      for (const variable of container.env ?? []) {
        const value = variable.value ?? this.secretValue(pod.metadata.namespace, variable.valueFrom?.secretKeyRef);
        // An unresolvable reference leaves the variable unset (a real pod would not start).
        if (value !== undefined) env[variable.name] = value;
      }
      containers.set(container.name, env);
    }
    this.byPod.set(this.key(pod.metadata.namespace, pod.metadata.name), containers);
  }

  env(namespace: string, pod: string, container: string): ContainerEnv | undefined {
    return this.byPod.get(this.key(namespace, pod))?.get(container);
  }

  forget(namespace: string, pod: string): void {
    this.byPod.delete(this.key(namespace, pod));
  }

  private secretValue(namespace: string, ref: { name: string; key: string } | undefined): string | undefined {
    if (!ref) return undefined;
    const encoded = this.store.get('Secret', namespace, ref.name)?.data[ref.key];
    return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
  }

  private key(namespace: string, pod: string): string {
    return `${namespace}/${pod}`;
  }
}
