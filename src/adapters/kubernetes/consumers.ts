import type { V1Container, V1Deployment } from '@kubernetes/client-node';
import type { SecretConsumer } from '../../ports.js';

function bindings(deployment: string, container: V1Container, secretName: string, key: string): SecretConsumer[] {
  return (container.env ?? [])
    .filter((variable) => variable.valueFrom?.secretKeyRef?.name === secretName && variable.valueFrom.secretKeyRef.key === key)
    .map((variable) => ({ deployment, container: container.name, envVar: variable.name }));
}

/**
 * Every container (init containers too) that binds the Secret key to an env var. The binding
 * is the only evidence: variable names vary, so none is guessed.
 */
export function secretConsumers(deployments: V1Deployment[], secretName: string, key: string): SecretConsumer[] {
  return deployments.flatMap((deployment) => {
    const name = deployment.metadata?.name ?? '';
    const podSpec = deployment.spec?.template.spec;
    const containers = [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])];
    return containers.flatMap((container) => bindings(name, container, secretName, key));
  });
}
