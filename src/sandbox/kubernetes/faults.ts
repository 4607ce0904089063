/**
 * Switches tests and the sandbox flip to make the simulated cluster misbehave the way real
 * ones do. Controllers read them at the moment they act, so a change applies from then on.
 */
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
}

export function noFaults(): KubernetesFaults {
  return { failNextSyncJobs: 0, dropNextWatches: 0, expireNextWatches: 0, stallRollouts: false, hangExec: false };
}

/** Takes one unit of a counted fault, if any is left. */
export function consumeFault(faults: KubernetesFaults, name: 'failNextSyncJobs' | 'dropNextWatches' | 'expireNextWatches'): boolean {
  if (faults[name] <= 0) return false;
  faults[name] -= 1;
  return true;
}
