import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Exec, type V1Status } from '@kubernetes/client-node';
import { PassThrough } from 'node:stream';
import { SYNC_CRONJOB_NAME, type KubernetesSimulator } from '../../src/sandbox/kubernetes/index.js';
import { gatewayFor, NAMESPACE, noAbort, SECRET, SHORT_URL_MANAGER, startSimulator, TokenSource } from './harness.js';

/** Speaks to the simulator as raw HTTP, to check the wire shapes a real apiserver has. */
describe('the Kubernetes simulator on the wire', () => {
  const tokens = new TokenSource();
  let sim: KubernetesSimulator;
  const get = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${sim.url}${path}`, { ...init, headers: { authorization: `Bearer ${sim.bearerToken}`, 'content-type': 'application/json' } });

  beforeAll(async () => {
    sim = await startSimulator(tokens);
  });
  afterAll(async () => {
    await sim.close();
  });

  it('answers errors with Status objects', async () => {
    const missing = await get(`/api/v1/namespaces/apps/secrets/nope`);
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'dup' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } } };
    await get('/apis/batch/v1/namespaces/apps/jobs', { method: 'POST', body: JSON.stringify(job) });
    const duplicate = await get('/apis/batch/v1/namespaces/apps/jobs', { method: 'POST', body: JSON.stringify(job) });

    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: 'secrets "nope" not found' });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', code: 409, details: { name: 'dup', group: 'batch', kind: 'jobs' } });
  });

  it('sends 410 Expired as a watch ERROR event for a compacted resourceVersion', async () => {
    sim.faults.expireNextWatches = 1;
    const response = await get('/apis/batch/v1/namespaces/apps/jobs?watch=true&resourceVersion=1');

    const [line] = (await response.text()).trim().split('\n');
    expect(JSON.parse(line ?? '')).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });

  it('keeps Secrets the sync no longer writes, and names new ones by parameterize', async () => {
    const gateway = gatewayFor(sim);
    tokens.others = [{ apiUserName: 'Content Publisher (DfE)', applicationName: 'Asset Manager', token: 'a-token' }];
    await gateway.createJobFromCronJob(NAMESPACE, SYNC_CRONJOB_NAME, 'sync-other');
    await gateway.waitForJob(NAMESPACE, 'sync-other', () => undefined, noAbort());
    // The user is suspended: Signon stops listing the token, the sync leaves the Secret alone.
    tokens.others = [];
    await sim.runSync();

    expect(sim.readSecretValue('signon-token-content-publisher-dfe-asset-manager')).toBe('a-token');
    expect(sim.readSecretValue(SECRET)).toBe(tokens.current);
  });

  it('runs only printenv in pods, failing anything else with exit code 127', async () => {
    const [pod] = sim.listPods(SHORT_URL_MANAGER.name);
    const status = await new Promise<V1Status>((resolve, reject) => {
      new Exec(sim.kubeConfig).exec(NAMESPACE, pod?.name ?? '', 'app', ['cat', '/etc/passwd'], new PassThrough(), new PassThrough(), null, false, resolve).catch(reject);
    });

    expect(status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '127' }] } });
  });
});
