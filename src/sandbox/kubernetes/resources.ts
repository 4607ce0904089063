import type { Kind } from './objects.js';

/** Where each simulated resource lives in the REST API, as the real apiserver lays it out. */
export interface ResourceInfo {
  plural: string;
  kind: Kind;
  /** '' for the core group (served under /api/v1), else the group under /apis/<group>/v1. */
  group: string;
  apiVersion: string;
}

export const RESOURCES: readonly ResourceInfo[] = [
  { plural: 'cronjobs', kind: 'CronJob', group: 'batch', apiVersion: 'batch/v1' },
  { plural: 'jobs', kind: 'Job', group: 'batch', apiVersion: 'batch/v1' },
  { plural: 'secrets', kind: 'Secret', group: '', apiVersion: 'v1' },
  { plural: 'deployments', kind: 'Deployment', group: 'apps', apiVersion: 'apps/v1' },
  { plural: 'pods', kind: 'Pod', group: '', apiVersion: 'v1' },
];

export function findResource(group: string, plural: string): ResourceInfo | undefined {
  return RESOURCES.find((resource) => resource.group === group && resource.plural === plural);
}

/** `jobs.batch`, `secrets`: how the apiserver names a resource in its error messages. */
export function qualifiedResource(resource: ResourceInfo): string {
  return resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
}
