import type { ServerResponse } from 'node:http';
import type { KubernetesFaults } from './faults.js';
import type { PodEnvironments } from './pod-environments.js';
import type { ObjectStore } from './store.js';

/** Counters tests use to prove what the client did (e.g. that it re-established a watch). */
export interface SimulatorStats {
  requests: number;
  /** Watch requests served, by resource plural. */
  watches: Record<string, number>;
  execs: number;
}

/** What the HTTP and websocket handlers share. */
export interface ApiContext {
  store: ObjectStore;
  environments: PodEnvironments;
  faults: KubernetesFaults;
  stats: SimulatorStats;
  bearerToken: string;
  /** Open watch responses, ended by close(). */
  openWatches: Set<ServerResponse>;
  /** Deletes a Deployment's pod as a node failure would; the Deployment starts a replacement. */
  replacePod(namespace: string, pod: string): void;
}
