/**
 * The Kubernetes Deployments the sandbox runs, derived from the Signon fixture's consumers so
 * the two can never disagree about which app reads which token Secret.
 */
import { tokenSecretName } from '../domain/parameterize.js';
import type { SeedDeployment } from './kubernetes/index.js';
import type { SignonFixture } from './signon/index.js';

export function consumerDeployments(fixture: SignonFixture): SeedDeployment[] {
  const byName = new Map<string, Map<string, SeedDeployment['containers'][number]['env']>>();
  for (const grant of fixture.grants) {
    if (grant.consumer.kind !== 'internal') continue;
    const user = fixture.apiUsers.find((candidate) => candidate.email === grant.apiUserEmail);
    if (!user) throw new Error(`fixture grant names an unknown API user ${grant.apiUserEmail}`);
    const secretName = tokenSecretName(user.name, grant.applicationName);
    for (const consumer of grant.consumer.deployments) {
      const containers = byName.get(consumer.deployment) ?? new Map();
      const env = containers.get(consumer.container) ?? [];
      env.push({ name: consumer.envVar, secretName, key: 'bearer_token' });
      containers.set(consumer.container, env);
      byName.set(consumer.deployment, containers);
    }
  }
  return [...byName.entries()].map(([name, containers]) => ({
    name,
    replicas: 2,
    containers: [...containers.entries()].map(([containerName, env]) => ({ name: containerName, env })),
  }));
}
