// The worker imports the gateway through this folder; the implementation is ../kubernetes.ts.
export { createKubernetesGateway, type KubernetesGatewayOptions } from '../kubernetes.js';
