import { KubeConfig } from '@kubernetes/client-node';
import { NAMESPACE } from './manifests.js';

/** A kubeconfig for the simulator: plain HTTP on loopback, authenticated by a bearer token. */
export function simulatorKubeConfig(url: string, bearerToken: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    // client-node refuses a plain http:// server unless skipTLSVerify is set; there is no TLS to verify.
    clusters: [{ name: 'sandbox', server: url, skipTLSVerify: true }],
    users: [{ name: 'sandbox', token: bearerToken }],
    contexts: [{ name: 'sandbox', cluster: 'sandbox', user: 'sandbox', namespace: NAMESPACE }],
    currentContext: 'sandbox',
  });
  return kubeConfig;
}
