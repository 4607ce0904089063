import { findResource, type ResourceInfo } from './resources.js';

/** A request path resolved against the simulated API: a collection, or one named object. */
export interface ResourcePath {
  resource: ResourceInfo;
  namespace: string;
  name?: string;
  subresource?: string;
}

const CORE = /^\/api\/v1\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/;
const GROUPED = /^\/apis\/([^/]+)\/v1\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/;

export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const core = CORE.exec(pathname);
  const grouped = core ? undefined : GROUPED.exec(pathname);
  const [group, namespace, plural, name, subresource] = core
    ? ['', core[1], core[2], core[3], core[4]]
    : grouped
      ? [grouped[1], grouped[2], grouped[3], grouped[4], grouped[5]]
      : [];
  if (group === undefined || !namespace || !plural) return undefined;
  const resource = findResource(group, plural);
  if (!resource) return undefined;
  return {
    resource,
    namespace: decodeURIComponent(namespace),
    ...(name ? { name: decodeURIComponent(name) } : {}),
    ...(subresource ? { subresource } : {}),
  };
}
