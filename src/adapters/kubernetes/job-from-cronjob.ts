/** The Job `kubectl create job <name> --from=cronjob/<cronjob>` submits. */
import type { V1CronJob, V1Job, V1OwnerReference } from '@kubernetes/client-node';
import { PermanentFailure } from '../../domain/errors.js';

export const INSTANTIATE_ANNOTATION = 'cronjob.kubernetes.io/instantiate';

export function jobFromCronJob(cronJob: V1CronJob, namespace: string, jobName: string): V1Job {
  const cronJobName = cronJob.metadata?.name ?? '';
  const uid = cronJob.metadata?.uid;
  const template = cronJob.spec?.jobTemplate;
  if (!uid || !template?.spec) throw new PermanentFailure(`CronJob ${namespace}/${cronJobName} has no job template`);
  const owner: V1OwnerReference = { apiVersion: 'batch/v1', kind: 'CronJob', name: cronJobName, uid, controller: true };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName,
      namespace,
      // kubectl sets the marker first, so the template's own annotations win on a clash.
      annotations: { [INSTANTIATE_ANNOTATION]: 'manual', ...template.metadata?.annotations },
      ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
      ownerReferences: [owner],
    },
    spec: template.spec,
  };
}

/** Whether an existing Job was made from this CronJob (by us on an earlier attempt, or by its schedule). */
export function isOwnedBy(job: V1Job, cronJob: V1CronJob): boolean {
  return (job.metadata?.ownerReferences ?? []).some(
    (owner) => owner.kind === 'CronJob' && owner.controller === true && owner.uid === cronJob.metadata?.uid,
  );
}
