/**
 * client-node API objects configured like KubeConfig.makeApiClient does, plus a middleware
 * that gives every request its own timeout (client-node sets none, and a hung apiserver
 * would otherwise hang the activity until Temporal gives up on it).
 */
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  createConfiguration,
  ServerConfiguration,
  type KubeConfig,
  type Middleware,
} from '@kubernetes/client-node';

export interface ApiClients {
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
}

export function createApiClients(kubeConfig: KubeConfig, requestTimeoutMs: number): ApiClients {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  const timeout: Middleware = {
    pre: async (context) => {
      context.setSignal(AbortSignal.timeout(requestTimeoutMs));
      return context;
    },
    post: async (context) => context,
  };
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeConfig },
    promiseMiddleware: [timeout],
  });
  return { core: new CoreV1Api(configuration), apps: new AppsV1Api(configuration), batch: new BatchV1Api(configuration) };
}
