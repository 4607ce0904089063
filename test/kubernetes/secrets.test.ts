import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubernetesGateway } from '../../src/ports.js';
import type { KubernetesSimulator } from '../../src/sandbox/kubernetes/index.js';
import { gatewayFor, KEY, NAMESPACE, SECRET, SHORT_URL_MANAGER, startSimulator, TokenSource } from './harness.js';

describe('token Secrets and the Deployments that consume them', () => {
  const tokens = new TokenSource();
  let sim: KubernetesSimulator;
  let gateway: KubernetesGateway;

  beforeAll(async () => {
    sim = await startSimulator(tokens, [
      SHORT_URL_MANAGER,
      // Same Secret under a name nobody would guess.
      { name: 'search-admin', replicas: 1, containers: [{ name: 'worker', env: [{ name: 'PUBLISHING_API_TOKEN_FOR_SEARCH', secretName: SECRET }] }] },
      // Another Secret entirely, and the right Secret under another key.
      { name: 'whitehall', replicas: 1, containers: [{ name: 'app', env: [{ name: 'PUBLISHING_API_BEARER_TOKEN', secretName: 'signon-token-whitehall-publishing-api' }] }] },
      { name: 'collections', replicas: 1, containers: [{ name: 'app', env: [{ name: 'OTHER_KEY', secretName: SECRET, key: 'other' }] }] },
    ]);
    gateway = gatewayFor(sim);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('reads the decoded token the first sync wrote', async () => {
    await expect(gateway.readSecretValue(NAMESPACE, SECRET, KEY)).resolves.toBe(tokens.current);
  });

  it('answers null for a missing Secret and for a missing key', async () => {
    await expect(gateway.readSecretValue(NAMESPACE, 'signon-token-nobody-nothing', KEY)).resolves.toBeNull();
    await expect(gateway.readSecretValue(NAMESPACE, SECRET, 'no_such_key')).resolves.toBeNull();
  });

  it('finds every container binding the Secret key by secretKeyRef, whatever the variable is called', async () => {
    const consumers = await gateway.findSecretConsumers(NAMESPACE, SECRET, KEY);

    expect(consumers).toEqual([
      { deployment: 'search-admin', container: 'worker', envVar: 'PUBLISHING_API_TOKEN_FOR_SEARCH' },
      { deployment: 'short-url-manager', container: 'app', envVar: 'PUBLISHING_API_BEARER_TOKEN' },
    ]);
  });

  it('lists the running pods of a Deployment by its selector', async () => {
    const pods = await gateway.listRunningPods(NAMESPACE, 'short-url-manager');

    expect(pods.map((pod) => pod.name).sort()).toEqual(sim.listPods('short-url-manager').map((pod) => pod.name).sort());
    expect(pods).toHaveLength(2);
    expect(pods.every((pod) => pod.deployment === 'short-url-manager')).toBe(true);
  });

  it('reads a variable from a running container, and null when it is unset', async () => {
    const [pod] = await gateway.listRunningPods(NAMESPACE, 'short-url-manager');
    if (!pod) throw new Error('no running pod');

    await expect(gateway.readPodEnv(NAMESPACE, pod.name, 'app', 'PUBLISHING_API_BEARER_TOKEN')).resolves.toBe(tokens.current);
    await expect(gateway.readPodEnv(NAMESPACE, pod.name, 'app', 'GOVUK_APP_NAME')).resolves.toBe('short-url-manager');
    await expect(gateway.readPodEnv(NAMESPACE, pod.name, 'app', 'NOT_SET_ANYWHERE')).resolves.toBeNull();
  });
});
