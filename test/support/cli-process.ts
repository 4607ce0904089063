/**
 * Runs the real CLI as a child process (tsx, as `npm run cli` does), pointed at a test's
 * stack through DATA_DIR, and keeps everything it printed for secrecy checks.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeStackInfo } from '../../src/stack-file.js';
import type { RotationWorld } from './rotation-world.js';
import { CODEC_KEYS, FINGERPRINT_KEY } from './rotation-world.js';
import { testAddress, testNamespace } from './temporal.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliHarness {
  dataDir: string;
  /** Everything every CLI run printed, stdout and stderr. */
  output: string[];
  run(...args: string[]): Promise<CliRun>;
  /** A run with variables changed from the harness's (undefined removes one). */
  runWith(env: Record<string, string | undefined>, ...args: string[]): Promise<CliRun>;
  /** A run whose reader closes stdout at once, as `| head` does once it has enough. */
  runClosingStdout(...args: string[]): Promise<CliRun>;
  close(): Promise<void>;
}

const CLI_ENTRY = path.resolve('src/cli/main.ts');
const TSX = path.resolve('node_modules/.bin/tsx');

/** A data folder holding a stack file that describes the test's world, as npm start would write it. */
export async function openCliHarness(world: RotationWorld): Promise<CliHarness> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'rotation-cli-'));
  const kubeconfigPath = path.join(dataDir, 'kubeconfig.yaml');
  await world.sandbox.writeKubeconfig(kubeconfigPath);
  await writeFile(path.join(dataDir, 'fingerprint.key'), FINGERPRINT_KEY, { mode: 0o600 });
  await writeStackInfo(dataDir, {
    pid: process.pid,
    temporalAddress: testAddress(),
    namespace: testNamespace(),
    taskQueue: world.taskQueue,
    sandbox: {
      signonUrl: world.sandbox.signon.url,
      signonAdminToken: world.sandbox.signon.adminToken,
      publishingApiUrl: world.sandbox.publishingApi.url,
      kubernetesUrl: world.sandbox.kubernetes.url,
      kubeconfigPath,
    },
  });
  const output: string[] = [];
  const environment = (changes: Record<string, string | undefined>) => {
    // The CLI must find the test's Temporal through the stack file, as it finds npm start's.
    const { TEMPORAL_ADDRESS: _ignored, ...inherited } = process.env;
    // The world's codec keys, as a real deployment shares them between worker and CLI.
    const env: NodeJS.ProcessEnv = { ...inherited, DATA_DIR: dataDir, CODEC_KEYS, ...changes };
    for (const [name, value] of Object.entries(changes)) if (value === undefined) delete env[name];
    return env;
  };
  const runWith = (changes: Record<string, string | undefined>, ...args: string[]) =>
    new Promise<CliRun>((resolve) => {
      execFile(TSX, [CLI_ENTRY, ...args], { env: environment(changes), timeout: 60_000 }, (error, stdout, stderr) => {
        output.push(stdout, stderr);
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  return {
    dataDir,
    output,
    run: (...args) => runWith({}, ...args),
    runWith,
    runClosingStdout: (...args) =>
      new Promise((resolve) => {
        const child = spawn(TSX, [CLI_ENTRY, ...args], { env: environment({}), stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.destroy();
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        child.on('close', (code) => {
          output.push(stderr);
          resolve({ code: code ?? 1, stdout: '', stderr });
        });
      }),
    close: () => rm(dataDir, { recursive: true, force: true }),
  };
}
