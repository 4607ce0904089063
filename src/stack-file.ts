/**
 * Where a running `npm start` says it listens, so the CLI and `npm run demo` can find the
 * stack without being told. It lives in the git-ignored data folder with owner-only
 * permissions, because it names the sandbox Signon's admin credential.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const stackInfoSchema = z.object({
  pid: z.number().int(),
  temporalAddress: z.string(),
  namespace: z.string(),
  taskQueue: z.string(),
  uiUrl: z.string().optional(),
  webhookUrl: z.string().optional(),
  codecServerUrl: z.string().optional(),
  /** The sandbox's Prometheus and Alertmanager, or why they are not running. */
  alerting: z
    .discriminatedUnion('status', [
      z.object({ status: z.literal('running'), prometheusUrl: z.string(), alertmanagerUrl: z.string(), environment: z.string() }),
      z.object({ status: z.literal('off'), reason: z.string() }),
    ])
    .optional(),
  sandbox: z
    .object({
      signonUrl: z.string(),
      signonAdminToken: z.string(),
      publishingApiUrl: z.string(),
      kubernetesUrl: z.string(),
      kubeconfigPath: z.string(),
    })
    .optional(),
});

export type StackInfo = z.infer<typeof stackInfoSchema>;

export function stackFilePath(dataDir: string): string {
  return path.join(dataDir, 'stack.json');
}

export async function writeStackInfo(dataDir: string, info: StackInfo): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(stackFilePath(dataDir), JSON.stringify(info, null, 2), { mode: 0o600 });
}

export async function removeStackInfo(dataDir: string): Promise<void> {
  await rm(stackFilePath(dataDir), { force: true });
}

/** The running stack's info, or null when none is running (no file, or its process is gone). */
export async function readRunningStack(dataDir: string): Promise<StackInfo | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(stackFilePath(dataDir), 'utf8'));
  } catch {
    return null;
  }
  const parsed = stackInfoSchema.safeParse(raw);
  if (!parsed.success || !isAlive(parsed.data.pid)) return null;
  return parsed.data;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
