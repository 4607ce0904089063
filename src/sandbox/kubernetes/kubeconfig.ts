import { KubeConfig } from '@kubernetes/client-node';
import { NAMESPACE } from './manifests.js';

/** A kubeconfig for the simulator: plain HTTP on loopback, authenticated by a bearer token. */
export function simulatorKubeConfig(url: string, bearerToken: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'sandbox', server: url, skipTLSVerify: false }],
    users: [{ name: 'sandbox', token: bearerToken }],
    contexts: [{ name: 'sandbox', cluster: 'sandbox', user: 'sandbox', namespace: NAMESPACE }],
    currentContext: 'sandbox',
  });
  return kubeConfig;
}
