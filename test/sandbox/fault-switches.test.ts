/** The sandbox's fault switches over HTTP: they flip the same in-process objects tests use, and the faults behave as named. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSandbox, type Sandbox } from '../../src/sandbox/gov-uk.js';
import { FAULTS_PATH } from '../../src/sandbox/fault-admin.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ kubernetesTiming: { jobDurationMs: 100, podStartDelayMs: 50, rolloutStepDelayMs: 50, podTerminationMs: 50 } });
});
afterAll(async () => {
  await sandbox.close();
});

function post(baseUrl: string, token: string, path: string, body: unknown, timeoutMs = 5_000): Promise<Response> {
  return fetch(new URL(path, baseUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
}

const signonAdmin = (path: string) => post(sandbox.signon.url, sandbox.signon.adminToken, path, {});
const signonUserId = () => sandbox.signon.store.findUserByEmail('short-url-manager@alphagov.co.uk')?.id ?? '';

describe('Signon fault switches', () => {
  test('refuse a caller without the admin token, and a misspelt switch, changing nothing', async () => {
    expect((await post(sandbox.signon.url, 'wrong', FAULTS_PATH, { resetNext: 1 })).status).toBe(401);
    const typo = await post(sandbox.signon.url, sandbox.signon.adminToken, FAULTS_PATH, { resetNxt: 1 });
    expect(typo.status).toBe(400);
    expect(await typo.text()).toContain('resetNxt');
    expect(sandbox.signon.faults.state().resetNext).toBe(0);
  });

  test('reset, hang, 503 and slow answers, each as switched over HTTP', async () => {
    const response = await post(sandbox.signon.url, sandbox.signon.adminToken, FAULTS_PATH, {
      resetNext: 1,
      hangNext: 1,
      failNext: { count: 1, status: 503 },
    });
    expect(await response.json()).toEqual({ faults: expect.objectContaining({ resetNext: 1, hangNext: 1, failNext: { count: 1, status: 503 } }) });
    const tokensPath = `/sandbox-admin/api-users/${signonUserId()}/applications/1/tokens`;
    await expect(signonAdmin(tokensPath)).rejects.toThrow();
    await expect(post(sandbox.signon.url, sandbox.signon.adminToken, tokensPath, {}, 500)).rejects.toThrow(/aborted|timeout/i);
    expect((await signonAdmin(tokensPath)).status).toBe(503);
    // None of them did any work.
    expect(sandbox.signon.store.events().filter((event) => event.type === 'token-created')).toEqual([]);

    // Slow: the work is done at once, the answer comes after the client has given up.
    sandbox.signon.faults.delayResponses(60_000);
    await expect(post(sandbox.signon.url, sandbox.signon.adminToken, tokensPath, {}, 500)).rejects.toThrow(/aborted|timeout/i);
    expect(sandbox.signon.store.events().filter((event) => event.type === 'token-created')).toHaveLength(1);
    sandbox.signon.faults.delayResponses(0);
  });
});

describe('Kubernetes fault switches', () => {
  const kube = (body: unknown) => post(sandbox.kubernetes.url, sandbox.kubernetes.bearerToken, FAULTS_PATH, body);

  test('set the in-process switches and refuse unknown ones', async () => {
    const response = await kube({ conflictNextJobCreates: 1, holdJobs: true });
    expect(response.status).toBe(200);
    expect(sandbox.kubernetes.faults).toMatchObject({ conflictNextJobCreates: 1, holdJobs: true });
    expect((await kube({ holdJob: true })).status).toBe(400);
    await kube({ conflictNextJobCreates: 0, holdJobs: false });
  });

  test('a Job create answered 409 has still created the Job', async () => {
    await kube({ conflictNextJobCreates: 1 });
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'conflicted' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    };
    const response = await post(sandbox.kubernetes.url, sandbox.kubernetes.bearerToken, '/apis/batch/v1/namespaces/apps/jobs', job);
    expect(response.status).toBe(409);
    expect(sandbox.kubernetes.getJob('conflicted')).toBeDefined();
  });
});

describe('publishing-api fault switches', () => {
  test('force a status and hang requests, as switched over HTTP', async () => {
    const admin = (body: unknown) => post(sandbox.publishingApi.url, sandbox.publishingApi.adminToken, FAULTS_PATH, body);
    expect((await admin({ forceStatus: { status: 503, times: 1 }, hangNext: 1 })).status).toBe(200);
    expect(sandbox.publishingApi.faults.state()).toEqual({ forceStatus: { status: 503, times: 1 }, hangNext: 1 });
    const lookup = (timeoutMs?: number) => post(sandbox.publishingApi.url, 'any-token', '/lookup-by-base-path', { base_paths: ['/'] }, timeoutMs);
    await expect(lookup(500)).rejects.toThrow(/aborted|timeout/i);
    expect((await lookup()).status).toBe(503);
    expect((await lookup()).status).toBe(401);
  });
});
