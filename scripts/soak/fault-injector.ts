/**
 * Breaks the sandbox at random while the soak runs, through the same HTTP fault switches a
 * person would use (`POST /sandbox-admin/faults` on each simulator). Bursts (slow Signon,
 * stalled rollouts) switch themselves off again after a while.
 */
import type { Sandbox } from '../../src/sandbox/gov-uk.js';
import { FAULTS_PATH } from '../../src/sandbox/fault-admin.js';

type Target = 'signon' | 'kubernetes' | 'publishingApi';

/** A switch's state as GET /sandbox-admin/faults shows it. */
type FaultState = Record<string, unknown>;

interface Fault {
  name: string;
  target: Target;
  body: Record<string, unknown>;
  /** Still switched on from last time: injecting again would pile faults onto the few requests left. */
  pending: (state: FaultState) => boolean;
  /** For bursts: what to post after `forMs` to end it. */
  undo?: { body: Record<string, unknown>; forMs: number };
}

const FAULTS: readonly Fault[] = [
  { name: 'Signon 500 x3', target: 'signon', pending: (state) => counted(state.failNext, 'count'), body: { failNext: { count: 3, status: 500 } } },
  { name: 'Signon 503 x2', target: 'signon', pending: (state) => counted(state.failNext, 'count'), body: { failNext: { count: 2, status: 503 } } },
  { name: 'Signon connection reset', target: 'signon', pending: (state) => state.resetNext !== 0, body: { resetNext: 1 } },
  { name: 'Signon timeout', target: 'signon', pending: (state) => state.hangNext !== 0, body: { hangNext: 1 } },
  { name: 'Signon slow for 2 s', target: 'signon', pending: (state) => state.delayMs !== 0, body: { delayMs: 1_500 }, undo: { body: { delayMs: 0 }, forMs: 2_000 } },
  { name: 'Signon create answer lost', target: 'signon', pending: (state) => state.loseNextCreateResponse !== 0, body: { loseNextCreateResponse: 1 } },
  { name: 'Signon revoke answer lost', target: 'signon', pending: (state) => state.loseNextRevokeResponse !== 0, body: { loseNextRevokeResponse: 1 } },
  { name: 'watch dropped', target: 'kubernetes', pending: (state) => state.dropNextWatches !== 0, body: { dropNextWatches: 2 } },
  { name: 'watch 410 Gone', target: 'kubernetes', pending: (state) => state.expireNextWatches !== 0, body: { expireNextWatches: 2 } },
  { name: 'Job create 409', target: 'kubernetes', pending: (state) => state.conflictNextJobCreates !== 0, body: { conflictNextJobCreates: 1 } },
  { name: 'pod replaced during exec', target: 'kubernetes', pending: (state) => state.replaceNextExecPods !== 0, body: { replaceNextExecPods: 1 } },
  { name: 'rollouts stalled for 3 s', target: 'kubernetes', pending: (state) => state.stallRollouts === true, body: { stallRollouts: true }, undo: { body: { stallRollouts: false }, forMs: 3_000 } },
  { name: 'sync Job fails', target: 'kubernetes', pending: (state) => state.failNextSyncJobs !== 0, body: { failNextSyncJobs: 1 } },
  { name: 'publishing-api 503 x2', target: 'publishingApi', pending: (state) => counted(state.forceStatus, 'times'), body: { forceStatus: { status: 503, times: 2 } } },
  { name: 'publishing-api timeout', target: 'publishingApi', pending: (state) => state.hangNext !== 0, body: { hangNext: 1 } },
];

function counted(value: unknown, field: string): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[field] !== 0;
}

const CLEAR: Record<Target, Record<string, unknown>> = {
  signon: { failNext: { count: 0 }, delayMs: 0 },
  kubernetes: { failNextSyncJobs: 0, dropNextWatches: 0, expireNextWatches: 0, conflictNextJobCreates: 0, replaceNextExecPods: 0, stallRollouts: false, holdJobs: false, hangExec: false },
  publishingApi: { forceStatus: { status: 200, times: 0 } },
};

export interface FaultInjector {
  /** How often each fault was injected, by name. */
  counts(): Map<string, number>;
  /** Stops injecting and switches off what is still switched on. */
  stop(): Promise<void>;
}

/**
 * Injects one random fault every `everyMs` until `budget` faults are in. The budget keeps the
 * fault rate per rotation fixed: injecting for as long as rotations run would pile every fault
 * onto the last few rotations' requests, testing the retry limits rather than the product.
 */
export function startFaultInjector(sandbox: Sandbox, everyMs: number, budget: number, random: () => number = Math.random): FaultInjector {
  const endpoints: Record<Target, { url: string; token: string }> = {
    signon: { url: sandbox.signon.url, token: sandbox.signon.adminToken },
    kubernetes: { url: sandbox.kubernetes.url, token: sandbox.kubernetes.bearerToken },
    publishingApi: { url: sandbox.publishingApi.url, token: sandbox.publishingApi.adminToken },
  };
  const counts = new Map<string, number>();
  const undos = new Set<NodeJS.Timeout>();

  async function call(target: Target, body?: Record<string, unknown>): Promise<FaultState> {
    const { url, token } = endpoints[target];
    const response = await fetch(new URL(FAULTS_PATH, url), {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`fault switch ${target} answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { faults: FaultState }).faults;
  }
  const post = async (target: Target, body: Record<string, unknown>) => {
    await call(target, body);
  };

  let injected = 0;
  async function inject(fault: Fault): Promise<void> {
    if (injected >= budget || fault.pending(await call(fault.target))) return;
    injected += 1;
    counts.set(fault.name, (counts.get(fault.name) ?? 0) + 1);
    await post(fault.target, fault.body);
    const { undo } = fault;
    if (!undo) return;
    const later = setTimeout(() => {
      undos.delete(later);
      void post(fault.target, undo.body);
    }, undo.forMs);
    undos.add(later);
  }

  const timer = setInterval(() => {
    const fault = FAULTS[Math.floor(random() * FAULTS.length)];
    if (fault) inject(fault).catch((error: unknown) => process.stderr.write(`fault injector: ${error instanceof Error ? error.message : String(error)}\n`));
  }, everyMs);


  return {
    counts: () => counts,
    async stop() {
      clearInterval(timer);
      for (const undo of undos) clearTimeout(undo);
      for (const target of Object.keys(CLEAR) as Target[]) await post(target, CLEAR[target]);
    },
  };
}
