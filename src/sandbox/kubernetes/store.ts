/**
 * The simulated etcd: objects keyed by kind/namespace/name, one global revision that becomes
 * every object's resourceVersion, and a bounded event log so watches can resume from a
 * resourceVersion, or learn (410 Expired) that it has been compacted away.
 */
import { newUid, nowIso } from './names.js';
import type { Kind, KubeObject, ObjectMeta, ObjectOfKind } from './objects.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredEvent {
  type: WatchEventType;
  object: KubeObject;
  revision: number;
}

export type StoreListener = (event: StoredEvent) => void;

/** What a writer supplies; the store fills in uid, resourceVersion, creationTimestamp, generation. */
export type Draft<K extends Kind> = Omit<ObjectOfKind<K>, 'metadata'> & {
  metadata: Pick<ObjectMeta, 'name' | 'namespace'> & Partial<Omit<ObjectMeta, 'name' | 'namespace'>>;
};

export class AlreadyExistsError extends Error {}

// Kinds whose spec changes bump metadata.generation, as the real registry strategies do.
const GENERATION_KINDS: ReadonlySet<Kind> = new Set(['CronJob', 'Job', 'Deployment']);

/**
 * Objects here are JSON data by construction; comparing their JSON also ignores which realm
 * built them (jest's VM contexts give literals another Object.prototype than structuredClone).
 */
function sameData(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function keyOf(kind: Kind, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

export class ObjectStore {
  private revision = 0;
  private compactedThrough = 0;
  private readonly objects = new Map<string, KubeObject>();
  private readonly log: StoredEvent[] = [];
  private readonly listeners = new Set<StoreListener>();

  constructor(private readonly eventWindow = 1000) {}

  get resourceVersion(): string {
    return String(this.revision);
  }

  get<K extends Kind>(kind: K, namespace: string, name: string): ObjectOfKind<K> | undefined {
    const found = this.objects.get(keyOf(kind, namespace, name));
    return found ? (structuredClone(found) as ObjectOfKind<K>) : undefined;
  }

  list<K extends Kind>(kind: K, namespace: string): Array<ObjectOfKind<K>> {
    const prefix = `${kind}/${namespace}/`;
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, object]) => structuredClone(object) as ObjectOfKind<K>)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  create<K extends Kind>(draft: Draft<K>): ObjectOfKind<K> {
    const key = keyOf(draft.kind as K, draft.metadata.namespace, draft.metadata.name);
    if (this.objects.has(key)) throw new AlreadyExistsError(key);
    const revision = this.nextRevision();
    const object = structuredClone(draft) as unknown as ObjectOfKind<K>;
    object.metadata = {
      ...object.metadata,
      // Admission may mint the uid first (the Job strategy labels pods with it).
      uid: draft.metadata.uid ?? newUid(),
      resourceVersion: String(revision),
      creationTimestamp: nowIso(),
      ...(GENERATION_KINDS.has(object.kind) ? { generation: 1 } : {}),
    };
    this.objects.set(key, object);
    this.record('ADDED', object, revision);
    return structuredClone(object);
  }

  /**
   * Applies `mutate` to a copy and stores it. A write that changes nothing keeps the old
   * resourceVersion and emits no event, as a no-op apply does on a real apiserver.
   */
  update<K extends Kind>(kind: K, namespace: string, name: string, mutate: (object: ObjectOfKind<K>) => void): ObjectOfKind<K> | undefined {
    const key = keyOf(kind, namespace, name);
    const current = this.objects.get(key) as ObjectOfKind<K> | undefined;
    if (!current) return undefined;
    const next = structuredClone(current);
    mutate(next);
    if (sameData(next, current)) return structuredClone(current);
    const specChanged = 'spec' in next && 'spec' in current && !sameData(next.spec, current.spec);
    if (specChanged && GENERATION_KINDS.has(kind)) next.metadata.generation = (current.metadata.generation ?? 0) + 1;
    const revision = this.nextRevision();
    next.metadata.resourceVersion = String(revision);
    this.objects.set(key, next);
    this.record('MODIFIED', next, revision);
    return structuredClone(next);
  }

  delete(kind: Kind, namespace: string, name: string): void {
    const key = keyOf(kind, namespace, name);
    const current = this.objects.get(key);
    if (!current) return;
    this.objects.delete(key);
    const revision = this.nextRevision();
    const last = structuredClone(current);
    last.metadata.resourceVersion = String(revision);
    this.record('DELETED', last, revision);
  }

  /** Events after `revision`, or 'expired' when some of them have been compacted away. */
  eventsSince(revision: number): StoredEvent[] | 'expired' {
    if (revision < this.compactedThrough) return 'expired';
    return this.log.filter((event) => event.revision > revision).map((event) => structuredClone(event));
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private nextRevision(): number {
    this.revision += 1;
    return this.revision;
  }

  private record(type: WatchEventType, object: KubeObject, revision: number): void {
    const event: StoredEvent = { type, object: structuredClone(object), revision };
    this.log.push(event);
    while (this.log.length > this.eventWindow) {
      const dropped = this.log.shift();
      if (dropped) this.compactedThrough = dropped.revision;
    }
    for (const listener of [...this.listeners]) listener(structuredClone(event));
  }
}
