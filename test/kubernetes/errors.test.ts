import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { createKubernetesGateway } from '../../src/adapters/kubernetes.js';
import { PermanentFailure } from '../../src/domain/errors.js';
import type { KubernetesSimulator } from '../../src/sandbox/kubernetes/index.js';
import { gatewayFor, KEY, NAMESPACE, newToken, SECRET, SHORT_URL_MANAGER, startSimulator, TokenSource } from './harness.js';

const VAR = 'PUBLISHING_API_BEARER_TOKEN';

function kubeConfigFor(server: string, token: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kubeConfig;
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a failure');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('errors leaving the Kubernetes gateway', () => {
  const tokens = new TokenSource();
  let sim: KubernetesSimulator;
  let podName: string;
  const secretsOf = (): string[] => [sim.bearerToken, tokens.current];

  beforeAll(async () => {
    sim = await startSimulator(tokens);
    const [pod] = sim.listPods(SHORT_URL_MANAGER.name);
    if (!pod) throw new Error('no pod');
    podName = pod.name;
  });
  afterAll(async () => {
    await sim.close();
  });

  it('names the object and the status, not the credentials, when the apiserver refuses them', async () => {
    const rejected = newToken();
    const gateway = createKubernetesGateway(kubeConfigFor(sim.url, rejected));

    const error = await failureOf(gateway.readSecretValue(NAMESPACE, SECRET, KEY));

    expect(error).toBeInstanceOf(PermanentFailure);
    expect(error.message).toBe(`read Secret apps/${SECRET}: HTTP 401 Unauthorized`);
    expect(error.message).not.toContain(rejected);
  });

  it('keeps the command output out of the error when exec hangs after printing the token', async () => {
    sim.faults.hangExec = true;
    try {
      const error = await failureOf(gatewayFor(sim, { execTimeoutMs: 200 }).readPodEnv(NAMESPACE, podName, 'app', VAR));

      expect(error).not.toBeInstanceOf(PermanentFailure);
      expect(error.message).toBe(`exec printenv ${VAR} in pod apps/${podName} container app: no answer within 200 ms`);
      for (const secret of secretsOf()) expect(`${error.message} ${error.stack ?? ''}`).not.toContain(secret);
    } finally {
      sim.faults.hangExec = false;
    }
  });

  it('fails permanently for a container the pod does not have', async () => {
    const error = await failureOf(gatewayFor(sim).readPodEnv(NAMESPACE, podName, 'no-such-container', VAR));

    expect(error).toBeInstanceOf(PermanentFailure);
    expect(error.message).toBe(`exec printenv ${VAR} in pod apps/${podName} container no-such-container: HTTP 400 Bad Request`);
  });

  it('leaves a vanished pod retryable, since a fresh pod list fixes it', async () => {
    const error = await failureOf(gatewayFor(sim).readPodEnv(NAMESPACE, 'short-url-manager-gone-xxxxx', 'app', VAR));

    expect(error).not.toBeInstanceOf(PermanentFailure);
    expect(error.message).toContain('HTTP 404');
  });

  it('treats an apiserver that is down, erroring or silent as retryable, with a short message', async () => {
    const down = await startSimulator(new TokenSource(), []);
    const downGateway = gatewayFor(down);
    await down.close();
    const erroring = createServer((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'etcdserver: request timed out', reason: 'InternalError', code: 500 }));
    });
    const silent = createServer(() => undefined);
    try {
      const refused = await failureOf(downGateway.findSecretConsumers(NAMESPACE, SECRET, KEY));
      const fiveHundred = await failureOf(createKubernetesGateway(kubeConfigFor(await listen(erroring), sim.bearerToken)).readSecretValue(NAMESPACE, SECRET, KEY));
      const timedOut = await failureOf(
        createKubernetesGateway(kubeConfigFor(await listen(silent), sim.bearerToken), { requestTimeoutMs: 200 }).readSecretValue(NAMESPACE, SECRET, KEY),
      );

      expect(refused.message).toBe('list Deployments in apps: network error ECONNREFUSED');
      expect(fiveHundred.message).toBe(`read Secret apps/${SECRET}: HTTP 500 InternalError`);
      expect(timedOut.message).toBe(`read Secret apps/${SECRET}: no answer before the request timed out`);
      for (const error of [refused, fiveHundred, timedOut]) {
        expect(error).not.toBeInstanceOf(PermanentFailure);
        for (const secret of secretsOf()) expect(error.message).not.toContain(secret);
      }
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
      await new Promise((resolve) => erroring.close(resolve));
    }
  });
});
