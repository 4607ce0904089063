/**
 * Switches tests and the sandbox flip to make the simulated cluster misbehave the way real
 * ones do. Controllers read them at the moment they act, so a change applies from then on.
 * `POST /sandbox-admin/faults` (fault-routes.ts) patches this same object over HTTP.
 */
import { z } from 'zod';

export interface KubernetesFaults {
  /** Sync Jobs still to fail (pod exits non-zero, Job Failed with BackoffLimitExceeded). */
  failNextSyncJobs: number;
  /** Watch streams the server ends right after replaying what is pending, before any verdict. */
  dropNextWatches: number;
  /** Watches resuming from a resourceVersion that get `410 Expired`, as after etcd compaction. */
  expireNextWatches: number;
  /**
   * Rollouts stop after the first new pod is running: old pods keep running with the old
   * token and the Deployment never completes (Progressing=False ProgressDeadlineExceeded
   * once the progress deadline passes). Clearing it lets stalled rollouts continue.
   */
  stallRollouts: boolean;
  /** exec writes the command's stdout and then never finishes (a hung kubelet stream). */
  hangExec: boolean;
  /**
   * Job creates that store the Job and still answer `409 AlreadyExists`, as a retry sees after
   * an earlier create whose answer was lost.
   */
  conflictNextJobCreates: number;
  /** Execs during which the pod is deleted: the stream ends without a status, the Deployment replaces the pod. */
  replaceNextExecPods: number;
  /** Jobs start but do not finish while set, so a test can act while a sync is in progress. */
  holdJobs: boolean;
}

const count = z.number().int().min(0);

/** The body `POST /sandbox-admin/faults` accepts: the fields to set, each optional. */
export const kubernetesFaultsPatch = z
  .object({
    failNextSyncJobs: count.optional(),
    dropNextWatches: count.optional(),
    expireNextWatches: count.optional(),
    stallRollouts: z.boolean().optional(),
    hangExec: z.boolean().optional(),
    conflictNextJobCreates: count.optional(),
    replaceNextExecPods: count.optional(),
    holdJobs: z.boolean().optional(),
  })
  .strict();

export type KubernetesFaultsPatch = z.input<typeof kubernetesFaultsPatch>;

export function noFaults(): KubernetesFaults {
  return {
    failNextSyncJobs: 0,
    dropNextWatches: 0,
    expireNextWatches: 0,
    stallRollouts: false,
    hangExec: false,
    conflictNextJobCreates: 0,
    replaceNextExecPods: 0,
    holdJobs: false,
  };
}

/** Takes one unit of a counted fault, if any is left. */
export function consumeFault(
  faults: KubernetesFaults,
  name: 'failNextSyncJobs' | 'dropNextWatches' | 'expireNextWatches' | 'conflictNextJobCreates' | 'replaceNextExecPods',
): boolean {
  if (faults[name] <= 0) return false;
  faults[name] -= 1;
  return true;
}
