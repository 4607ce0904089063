import type { V1LabelSelector } from '@kubernetes/client-node';

/** A Deployment's spec.selector in the `?labelSelector=` syntax the apiserver expects. */
export function labelSelectorQuery(selector: V1LabelSelector): string {
  const equals = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  const expressions = (selector.matchExpressions ?? []).map(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return `${key} in (${values.join(',')})`;
      case 'NotIn':
        return `${key} notin (${values.join(',')})`;
      case 'Exists':
        return key;
      case 'DoesNotExist':
        return `!${key}`;
      default:
        throw new Error(`unsupported label selector operator ${operator}`);
    }
  });
  return [...equals, ...expressions].join(',');
}
