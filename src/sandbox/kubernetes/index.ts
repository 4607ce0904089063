/**
 * The simulated Kubernetes API for tests and the sandbox. Start it with the Signon side of the
 * sync (`syncSource`) and the consumer Deployments to seed; point the real adapter at its
 * `kubeConfig`; inspect with readSecretValue/listPods/getDeployment/getJob or `state.store`;
 * make it misbehave through `faults` (see faults.ts).
 */
export { startKubernetesSimulator } from './simulator.js';
export type { KubernetesSimulator, KubernetesSimulatorOptions, KubernetesSimulatorState, PodView } from './simulator.js';
export type { KubernetesFaults, KubernetesFaultsPatch } from './faults.js';
export type { SimulatorTiming } from './timing.js';
export type { SimulatorStats } from './context.js';
export type { SeedDeployment } from './manifests.js';
export { NAMESPACE, SYNC_CRONJOB_NAME, TOKEN_SECRET_KEY } from './manifests.js';
export type { SyncSource, SyncedToken } from './sync-task.js';
