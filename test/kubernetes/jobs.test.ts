import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { PermanentFailure } from '../../src/domain/errors.js';
import type { KubernetesGateway } from '../../src/ports.js';
import { SYNC_CRONJOB_NAME, type KubernetesSimulator } from '../../src/sandbox/kubernetes/index.js';
import { eventually, gatewayFor, KEY, NAMESPACE, newToken, noAbort, SECRET, startSimulator, TokenSource } from './harness.js';

describe('sync Job from the CronJob', () => {
  let tokens: TokenSource;
  let sim: KubernetesSimulator;
  let gateway: KubernetesGateway;

  beforeEach(async () => {
    tokens = new TokenSource();
    sim = await startSimulator(tokens);
    gateway = gatewayFor(sim);
  });
  afterEach(async () => {
    await sim.close();
  });

  it('creates the Job as kubectl create job --from=cronjob does', async () => {
    await expect(gateway.createJobFromCronJob(NAMESPACE, SYNC_CRONJOB_NAME, 'rotate-abc')).resolves.toEqual({ created: true });

    const job = sim.getJob('rotate-abc');
    const cronJob = sim.state.store.get('CronJob', NAMESPACE, SYNC_CRONJOB_NAME);
    expect(job?.metadata.annotations).toMatchObject({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job?.metadata.labels).toEqual(cronJob?.spec.jobTemplate.metadata.labels);
    expect(job?.metadata.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'CronJob', name: SYNC_CRONJOB_NAME, uid: cronJob?.metadata.uid, controller: true },
    ]);
    expect(job?.spec.backoffLimit).toBe(0);
    expect(job?.spec.template.spec.restartPolicy).toBe('Never');
    expect(job?.spec.template.spec.containers[0]?.command).toEqual(['rake', 'kubernetes:sync_token_secrets']);
  });

  it('adopts the Job a lost response left behind instead of creating a second', async () => {
    await gateway.createJobFromCronJob(NAMESPACE, SYNC_CRONJOB_NAME, 'rotate-abc');
    const first = sim.getJob('rotate-abc');

    await expect(gateway.createJobFromCronJob(NAMESPACE, SYNC_CRONJOB_NAME, 'rotate-abc')).resolves.toEqual({ created: false });
    expect(sim.getJob('rotate-abc')?.metadata.uid).toBe(first?.metadata.uid);
  });

  it('refuses to adopt a Job of that name that the CronJob did not create', async () => {
    sim.state.store.create<'Job'>({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'rotate-abc', namespace: NAMESPACE },
      spec: { template: { metadata: {}, spec: { restartPolicy: 'Never', containers: [{ name: 'other', image: 'other' }] } } },
      status: {},
    });

    const attempt = gateway.createJobFromCronJob(NAMESPACE, SYNC_CRONJOB_NAME, 'rotate-abc');
    await expect(attempt).rejects.toBeInstanceOf(PermanentFailure);
    await expect(attempt).rejects.toThrow(`Job ${NAMESPACE}/rotate-abc already exists and was not created from CronJob`);
  });

  it('fails permanently, naming the CronJob, when the CronJob is missing', async () => {
    const attempt = gateway.createJobFromCronJob(NAMESPACE, 'no-such-cronjob', 'rotate-abc');
    await expect(attempt).rejects.toBeInstanceOf(PermanentFailure);
    await expect(attempt).rejects.toThrow('CronJob apps/no-such-cronjob not found');
  });

  it('waits for the Job, whose sync writes the new token into the Secret', async () => {
    const oldToken = tokens.current;
    tokens.current = newToken();
    let heartbeats = 0;

    await gateway.createJobFromCronJob(NAMESPACE, SYNC_CRONJOB_NAME, 'rotate-ok');
    await gateway.waitForJob(NAMESPACE, 'rotate-ok', () => (heartbeats += 1), noAbort());

    expect(heartbeats).toBeGreaterThan(0);
    expect(sim.getJob('rotate-ok')?.status.conditions?.map((condition) => condition.type)).toContain('Complete');
    await expect(gateway.readSecretValue(NAMESPACE, SECRET, KEY)).resolves.toBe(tokens.current);
    expect(tokens.current).not.toBe(oldToken);
  });

  it('reports a failed Job as a PermanentFailure naming it, and the Secret keeps the old token', async () => {
    const oldToken = tokens.current;
    tokens.current = newToken();
    sim.faults.failNextSyncJobs = 1;

    await gateway.createJobFromCronJob(NAMESPACE, SYNC_CRONJOB_NAME, 'rotate-bad');
    const wait = gateway.waitForJob(NAMESPACE, 'rotate-bad', () => undefined, noAbort());

    await expect(wait).rejects.toBeInstanceOf(PermanentFailure);
    await expect(wait).rejects.toThrow('sync Job apps/rotate-bad failed: BackoffLimitExceeded');
    expect(sim.readSecretValue(SECRET)).toBe(oldToken);
  });

  it('re-establishes the watch when the server drops it or the resourceVersion expires', async () => {
    const release = tokens.hold();
    sim.faults.expireNextWatches = 1;
    sim.faults.dropNextWatches = 2;

    await gateway.createJobFromCronJob(NAMESPACE, SYNC_CRONJOB_NAME, 'rotate-flaky');
    const wait = gateway.waitForJob(NAMESPACE, 'rotate-flaky', () => undefined, noAbort());
    // The Job cannot finish before every fault has hit a watch: the sync waits for us.
    await eventually(() => sim.faults.expireNextWatches === 0 && sim.faults.dropNextWatches === 0);
    const watchesBeforeVerdict = sim.state.stats.watches.jobs ?? 0;
    release();

    await expect(wait).resolves.toBeUndefined();
    // One 410 Expired and two dropped streams: the adapter came back after each.
    expect(watchesBeforeVerdict).toBeGreaterThanOrEqual(3);
  });

  it('stops waiting when the activity is cancelled', async () => {
    const release = tokens.hold();
    const controller = new AbortController();
    await gateway.createJobFromCronJob(NAMESPACE, SYNC_CRONJOB_NAME, 'rotate-cancelled');
    const wait = gateway.waitForJob(NAMESPACE, 'rotate-cancelled', () => undefined, controller.signal);
    await eventually(() => (sim.state.stats.watches.jobs ?? 0) > 0);

    controller.abort(new Error('activity cancelled'));

    await expect(wait).rejects.toThrow('activity cancelled');
    release();
  });
});
