/**
 * What the apiserver does to a posted Job before storing it: validation of the little the
 * simulator relies on, and the defaults the Job registry strategy fills in.
 */
import { newUid } from './names.js';
import { failureStatus, type JobSpec, type ObjectMeta, type Status } from './objects.js';
import type { Draft } from './store.js';

interface PostedJob {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: Partial<ObjectMeta>;
  spec?: Partial<JobSpec>;
}

function invalid(name: string, message: string): Status {
  return failureStatus(422, 'Invalid', `Job.batch "${name}" is invalid: ${message}`, { name, group: 'batch', kind: 'Job' });
}

export function admitJob(namespace: string, body: unknown): Draft<'Job'> | Status {
  if (typeof body !== 'object' || body === null) return failureStatus(400, 'BadRequest', 'the body of the request was not a JSON object');
  const posted = body as PostedJob;
  const name = posted.metadata?.name;
  if (posted.kind !== 'Job' || posted.apiVersion !== 'batch/v1') {
    return failureStatus(400, 'BadRequest', 'the API version in the data (batch/v1, Job) does not match the expected API version');
  }
  if (!name) return invalid('', 'metadata.name: Required value: name or generateName is required');
  if (posted.metadata?.namespace && posted.metadata.namespace !== namespace) {
    return failureStatus(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
  }
  const template = posted.spec?.template;
  if (!template?.spec?.containers?.length) return invalid(name, 'spec.template.spec.containers: Required value');
  if (template.spec.restartPolicy !== 'Never' && template.spec.restartPolicy !== 'OnFailure') {
    return invalid(name, `spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"`);
  }
  // Client-supplied server fields are ignored; the uid is minted here because the Job's
  // selector and pod labels carry it, as the real Job registry strategy does on create.
  const { uid: _uid, resourceVersion: _rv, creationTimestamp: _created, generation: _generation, ...meta } = posted.metadata ?? {};
  const uid = newUid();
  const controllerLabels = {
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { ...meta, name, namespace, uid },
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      ...posted.spec,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: { metadata: { ...template.metadata, labels: { ...template.metadata?.labels, ...controllerLabels } }, spec: template.spec },
    },
    status: {},
  };
}

