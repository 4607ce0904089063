/**
 * `npm start` and `npm run demo` as real processes: the demo rotates the runbook's example
 * alone (its own throwaway stack) and against a running `npm start` (found through the stack
 * file), and a second run against the same stack finds nothing left to do. An approver list
 * without "demo" ends the demo with the reason instead of a wait; a killed demo stops its
 * stack; Ctrl-C stops npm start without complaint.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import { readRunningStack } from '../../src/stack-file.js';
import { freePort } from '../../src/temporal/free-port.js';

const TSX = path.resolve('node_modules/.bin/tsx');

interface Finished {
  code: number | null;
  output: string;
}

function runToEnd(script: string, env: NodeJS.ProcessEnv): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function isolatedEnv(): Promise<NodeJS.ProcessEnv> {
  const { TEMPORAL_ADDRESS: _ignored, ...inherited } = process.env;
  return {
    ...inherited,
    DATA_DIR: await mkdtemp(path.join(tmpdir(), 'rotation-demo-')),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    WEBHOOK_PORT: String(await freePort()),
    CODEC_SERVER_PORT: String(await freePort()),
    SANDBOX_SIGNON_PORT: String(await freePort()),
    SANDBOX_PUBLISHING_API_PORT: String(await freePort()),
    SANDBOX_KUBERNETES_PORT: String(await freePort()),
    // npm start also runs Prometheus and Alertmanager when installed; their alert may start the
    // example's rotation first, and the demo then attaches to it.
    PROMETHEUS_PORT: String(await freePort()),
    ALERTMANAGER_PORT: String(await freePort()),
  };
}

async function waitForStack(dataDir: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!(await readRunningStack(dataDir))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Whether anything still listens on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The dev server's port, from its log file's name: the demo's throwaway stack picks a free one. */
async function devServerLogPorts(dataDir: string): Promise<number[]> {
  const names = await readdir(dataDir);
  return names.flatMap((name) => /^temporal-dev-server-(\d+)\.log$/.exec(name)?.[1] ?? []).map(Number);
}

function expectProvenRotation(output: string): void {
  expect(output).toContain('outcome: rotated - Revoked 1 old token(s), approved by demo');
  expect(output).toMatch(/ok {3}old token \d+ is revoked in Signon/);
  expect(output).toContain('ok   Secret signon-token-short-url-manager-publishing-api holds the new token');
  expect(output.match(/ok {3}pod short-url-manager\S* sees the new token/g)?.length).toBeGreaterThanOrEqual(2);
  expect(output).not.toContain('FAIL');
}

describe('npm run demo', () => {
  const dataDirs: string[] = [];
  let stack: ChildProcess | undefined;

  afterAll(async () => {
    stack?.kill('SIGTERM');
    if (stack && stack.exitCode === null) await new Promise((resolve) => stack?.once('close', resolve));
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  });

  test('alone, it starts a throwaway stack, rotates the example token and proves it', async () => {
    const env = await isolatedEnv();
    dataDirs.push(env.DATA_DIR ?? '');
    const demo = await runToEnd('src/demo/main.ts', env);
    expect(demo.output).toContain('No running stack found');
    expectProvenRotation(demo.output);
    expect(demo.code).toBe(0);
  });

  test('alone, with an approver list that leaves demo out, it says why and exits 1', async () => {
    const env: NodeJS.ProcessEnv = { ...(await isolatedEnv()), APPROVERS_PRODUCTION: 'Alice' };
    dataDirs.push(env.DATA_DIR ?? '');
    const demo = await runToEnd('src/demo/main.ts', env);
    expect(demo.output).toContain('The rotation refused the approval: approval by demo refused');
    expect(demo.output).toContain('Set APPROVERS_PRODUCTION (where the worker runs) to include demo, or unset it');
    expect(demo.code).toBe(1);
  });

  test('alone and killed with SIGTERM, it stops its throwaway stack before exiting', async () => {
    const env = await isolatedEnv();
    const dataDir = env.DATA_DIR ?? '';
    dataDirs.push(dataDir);
    const demo = spawn(TSX, ['src/demo/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const closed = new Promise<number | null>((resolve) => demo.once('close', resolve));
    const started = new Promise<void>((resolve) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(' rotation rotate-')) resolve();
      };
      demo.stdout.on('data', read);
      demo.stderr.on('data', read);
    });
    await Promise.race([started, closed]);
    demo.kill('SIGTERM');

    expect(await closed).toBe(143);
    expect(output).toContain('SIGTERM: stopping the throwaway stack');
    // DATA_DIR holds the dev server's log, whose name gives the port it listened on.
    const ports = await devServerLogPorts(dataDir);
    expect(ports).toHaveLength(1);
    expect(await listening(ports[0] ?? 0)).toBe(false);
  });

  test('against a running npm start it uses that stack; a second run finds nothing left to do', async () => {
    const env = await isolatedEnv();
    const dataDir = env.DATA_DIR ?? '';
    dataDirs.push(dataDir);
    let startLog = '';
    stack = spawn(TSX, ['src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    stack.stdout?.on('data', (chunk: Buffer) => (startLog += chunk.toString()));
    stack.stderr?.on('data', (chunk: Buffer) => (startLog += chunk.toString()));
    await waitForStack(dataDir, stack, () => startLog);
    expect(startLog).toContain(`Temporal Web UI   http://127.0.0.1:${env.TEMPORAL_UI_PORT}`);
    expect(startLog).toContain(`bearer token in ${path.join(dataDir, 'webhook.token')}`);
    expect(startLog).toContain(`sign in at /login with ${path.join(dataDir, 'codec-server.token')}`);
    expect(await devServerLogPorts(dataDir)).toEqual([Number(env.TEMPORAL_PORT)]);

    const first = await runToEnd('src/demo/main.ts', env);
    expect(first.output).toContain('Using the stack npm start is running');
    expectProvenRotation(first.output);
    expect(first.code).toBe(0);

    const second = await runToEnd('src/demo/main.ts', env);
    expect(second.output).toContain('rotated the example token already');
    expect(second.code).toBe(0);

    // Ctrl-C: every part stops once, in order, and nothing complains.
    const stopped = new Promise<number | null>((resolve) => stack?.once('close', resolve));
    stack.kill('SIGINT');
    expect(await stopped).toBe(0);
    expect(startLog).not.toContain('stopping part of the stack failed');
  });
});
