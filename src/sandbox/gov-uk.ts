/**
 * GOV.UK in a box: the Signon simulator, a Kubernetes API simulator whose sync Jobs read that
 * Signon, and a publishing-api that validates tokens against it. `npm start`, the demo and the
 * tests all start it through here, so they exercise the same world.
 */
import { writeFile } from 'node:fs/promises';
import type { KubeConfig } from '@kubernetes/client-node';
import { startKubernetesSimulator, type KubernetesSimulator, type SimulatorTiming } from './kubernetes/index.js';
import { startServerApiSimulator, type ServerApiSimulator } from './server-api/index.js';
import { SIGNON_FIXTURE, startSignonSimulator, type SignonFixture, type SignonSimulator } from './signon/index.js';
import { consumerDeployments } from './consumer-deployments.js';

export interface SandboxOptions {
  /** 0 or omitted: free ports (tests); fixed ports for `npm start`. */
  ports?: { signon?: number; publishingApi?: number; kubernetes?: number };
  fixture?: SignonFixture;
  kubernetesTiming?: Partial<SimulatorTiming>;
}

export interface Sandbox {
  signon: SignonSimulator;
  kubernetes: KubernetesSimulator;
  publishingApi: ServerApiSimulator;
  kubeConfig: KubeConfig;
  /** What the smoke-call client needs: parameterized server app -> base URL. */
  serverApiUrls: Record<string, string>;
  /** Writes a kubeconfig for the simulator, so other processes (the demo, kubectl) can reach it. */
  writeKubeconfig(file: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const fixture = options.fixture ?? SIGNON_FIXTURE;
  const signon = await startSignonSimulator({ fixture, port: options.ports?.signon });
  const kubernetes = await startKubernetesSimulator({
    syncSource: async () => signon.syncableTokens(),
    deployments: consumerDeployments(fixture),
    timing: options.kubernetesTiming,
    port: options.ports?.kubernetes,
  });
  const publishingApi = await startServerApiSimulator({
    signonUrl: signon.url,
    application: 'Publishing API',
    port: options.ports?.publishingApi,
    // One admin token for the sandbox's HTTP fault switches (Kubernetes uses its kubeconfig token).
    adminToken: signon.adminToken,
  });
  return {
    signon,
    kubernetes,
    publishingApi,
    kubeConfig: kubernetes.kubeConfig,
    serverApiUrls: { 'publishing-api': publishingApi.url },
    writeKubeconfig: (file) => writeFile(file, kubernetes.kubeConfig.exportConfig(), { mode: 0o600 }),
    close: async () => {
      await publishingApi.close();
      await kubernetes.close();
      await signon.close();
    },
  };
}
