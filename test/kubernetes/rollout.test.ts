import { afterEach, describe, expect, it } from '@jest/globals';
import { PermanentFailure } from '../../src/domain/errors.js';
import type { KubernetesSimulator } from '../../src/sandbox/kubernetes/index.js';
import { eventually, fastTiming, gatewayFor, NAMESPACE, newToken, noAbort, SECRET, SHORT_URL_MANAGER, startSimulator, TokenSource } from './harness.js';

const VAR = 'PUBLISHING_API_BEARER_TOKEN';

describe('rollout after the token Secret changes', () => {
  let sim: KubernetesSimulator;
  afterEach(async () => {
    await sim.close();
  });

  it('rolls the consumer: old pods print the old token until replaced, new pods the new one', async () => {
    const tokens = new TokenSource();
    sim = await startSimulator(tokens);
    const gateway = gatewayFor(sim);
    const oldToken = tokens.current;
    const [oldPod] = await gateway.listRunningPods(NAMESPACE, SHORT_URL_MANAGER.name);
    if (!oldPod) throw new Error('no running pod');
    // Hold the rollout half-way: one new pod running beside the old ones.
    sim.faults.stallRollouts = true;

    const newToken_ = newToken();
    sim.writeSecretValue(SECRET, newToken_);
    await eventually(() => sim.listPods(SHORT_URL_MANAGER.name).some((pod) => pod.phase === 'Running' && pod.env.app?.[VAR] === newToken_));
    const newPod = sim.listPods(SHORT_URL_MANAGER.name).find((pod) => pod.env.app?.[VAR] === newToken_);
    if (!newPod) throw new Error('no new pod');

    await expect(gateway.readPodEnv(NAMESPACE, oldPod.name, 'app', VAR)).resolves.toBe(oldToken);
    await expect(gateway.readPodEnv(NAMESPACE, newPod.name, 'app', VAR)).resolves.toBe(newToken_);

    let heartbeats = 0;
    const rollout = gateway.waitForRollout(NAMESPACE, SHORT_URL_MANAGER.name, () => (heartbeats += 1), noAbort());
    sim.faults.stallRollouts = false;
    await rollout;

    const deployment = sim.getDeployment(SHORT_URL_MANAGER.name);
    expect(deployment?.metadata.generation).toBe(2);
    expect(deployment?.spec.template.metadata.annotations?.['reloader.stakater.com/last-reloaded-from']).toContain(SECRET);
    expect(heartbeats).toBeGreaterThan(0);
    const running = await gateway.listRunningPods(NAMESPACE, SHORT_URL_MANAGER.name);
    expect(running).toHaveLength(SHORT_URL_MANAGER.replicas);
    expect(running.map((pod) => pod.name)).not.toContain(oldPod.name);
    for (const pod of running) await expect(gateway.readPodEnv(NAMESPACE, pod.name, 'app', VAR)).resolves.toBe(newToken_);
  });

  it('leaves terminating pods out of the running pods', async () => {
    const tokens = new TokenSource();
    // Old pods linger in Terminating long after the rollout completes.
    sim = await startSimulator(tokens, [SHORT_URL_MANAGER], { ...fastTiming, podTerminationMs: 60_000 });
    const gateway = gatewayFor(sim);

    sim.writeSecretValue(SECRET, newToken());
    await gateway.waitForRollout(NAMESPACE, SHORT_URL_MANAGER.name, () => undefined, noAbort());

    const terminating = sim.listPods(SHORT_URL_MANAGER.name).filter((pod) => pod.terminating);
    const running = await gateway.listRunningPods(NAMESPACE, SHORT_URL_MANAGER.name);
    expect(terminating).toHaveLength(SHORT_URL_MANAGER.replicas);
    expect(running).toHaveLength(SHORT_URL_MANAGER.replicas);
    expect(running.map((pod) => pod.name)).not.toEqual(expect.arrayContaining(terminating.map((pod) => pod.name)));
  });

  it('fails permanently, naming the Deployment, once its progress deadline passes', async () => {
    const tokens = new TokenSource();
    sim = await startSimulator(tokens, [SHORT_URL_MANAGER], { ...fastTiming, progressDeadlineMs: 200 });
    const gateway = gatewayFor(sim);
    sim.faults.stallRollouts = true;

    sim.writeSecretValue(SECRET, newToken());
    const rollout = gateway.waitForRollout(NAMESPACE, SHORT_URL_MANAGER.name, () => undefined, noAbort());

    await expect(rollout).rejects.toBeInstanceOf(PermanentFailure);
    await expect(rollout).rejects.toThrow('Deployment apps/short-url-manager exceeded its progress deadline');
  });

  it('fails permanently for a Deployment that does not exist', async () => {
    sim = await startSimulator(new TokenSource());
    const gateway = gatewayFor(sim);

    await expect(gateway.waitForRollout(NAMESPACE, 'no-such-app', () => undefined, noAbort())).rejects.toThrow(new PermanentFailure('Deployment apps/no-such-app not found'));
    await expect(gateway.listRunningPods(NAMESPACE, 'no-such-app')).rejects.toThrow(new PermanentFailure('Deployment apps/no-such-app not found'));
  });
});
