/**
 * The Job controller and kubelet for Jobs, reduced to one pod per Job: the pod starts, the
 * container runs (the Signon sync task when the Job runs it; anything else just exits 0),
 * and the Job gets the status and conditions a real cluster reports. One failed pod fails
 * the Job, which is exact for the sync CronJob's `backoffLimit: 0`.
 */
import type { KubernetesFaults } from './faults.js';
import { consumeFault } from './faults.js';
import { SYNC_TASK } from './manifests.js';
import { nowIso } from './names.js';
import type { Job } from './objects.js';
import { markFinished, markRunning, newPod } from './pods.js';
import type { ObjectStore } from './store.js';
import { syncTokenSecrets, type SyncSource } from './sync-task.js';
import type { SimulatorTiming } from './timing.js';
import type { Timers } from './timers.js';

export interface JobControllerDeps {
  store: ObjectStore;
  timers: Timers;
  faults: KubernetesFaults;
  timing: SimulatorTiming;
  syncSource: SyncSource;
}

function runsSyncTask(job: Job): boolean {
  return job.spec.template.spec.containers.some((container) => [...(container.command ?? []), ...(container.args ?? [])].includes(SYNC_TASK));
}

export function startJobController(deps: JobControllerDeps): () => void {
  const { store, timers, faults, timing } = deps;

  async function succeeds(job: Job): Promise<boolean> {
    if (!runsSyncTask(job)) return true;
    if (consumeFault(faults, 'failNextSyncJobs')) return false;
    try {
      const tokens = await deps.syncSource();
      // The simulator may have closed while Signon answered; write nothing then.
      if (timers.isStopped) return false;
      syncTokenSecrets(store, tokens);
      return true;
    } catch {
      // The rake task raises and exits non-zero.
      return false;
    }
  }

  function finish(job: Job, podName: string, succeeded: boolean): void {
    const { namespace, name } = job.metadata;
    store.update('Pod', namespace, podName, (pod) => markFinished(pod, succeeded ? 'Succeeded' : 'Failed'));
    const now = nowIso();
    store.update('Job', namespace, name, (stored) => {
      const { startTime } = stored.status;
      stored.status = succeeded
        ? {
            ...(startTime ? { startTime } : {}),
            completionTime: now,
            succeeded: 1,
            ready: 0,
            terminating: 0,
            uncountedTerminatedPods: {},
            conditions: [
              { type: 'SuccessCriteriaMet', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now, lastTransitionTime: now },
              { type: 'Complete', status: 'True', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods', lastProbeTime: now, lastTransitionTime: now },
            ],
          }
        : {
            ...(startTime ? { startTime } : {}),
            failed: 1,
            ready: 0,
            terminating: 0,
            uncountedTerminatedPods: {},
            conditions: [
              { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: now, lastTransitionTime: now },
              { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: now, lastTransitionTime: now },
            ],
          };
    });
  }

  function run(job: Job): void {
    const { namespace, name, uid } = job.metadata;
    const pod = store.create(newPod(namespace, name, job.spec.template, {}, { apiVersion: 'batch/v1', kind: 'Job', name, uid, controller: true, blockOwnerDeletion: true }));
    store.update('Job', namespace, name, (stored) => {
      stored.status = { startTime: nowIso(), active: 1, ready: 0, terminating: 0, uncountedTerminatedPods: {} };
    });
    timers.after(timing.podStartDelayMs, () => {
      store.update('Pod', namespace, pod.metadata.name, markRunning);
      store.update('Job', namespace, name, (stored) => {
        stored.status.ready = 1;
      });
      const complete = (): void => {
        // Held Jobs keep running; look again a Job's duration later.
        if (faults.holdJobs) return timers.after(timing.jobDurationMs, complete);
        void succeeds(job).then((succeeded) => {
          if (!timers.isStopped) finish(job, pod.metadata.name, succeeded);
        });
      };
      timers.after(timing.jobDurationMs, complete);
    });
  }

  return store.subscribe((event) => {
    // Act outside the store's notification so controllers never write re-entrantly.
    if (event.type === 'ADDED' && event.object.kind === 'Job') {
      const job = event.object;
      timers.after(0, () => run(job));
    }
  });
}
