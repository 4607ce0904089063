/**
 * Label and field selectors as the apiserver parses them from `?labelSelector=` and
 * `?fieldSelector=`: a comma-separated conjunction of requirements.
 */
import type { KubeObject } from './objects.js';

export type Matcher = (object: KubeObject) => boolean;

export class SelectorError extends Error {}

/** Splits on commas that are not inside `in (a,b)` value lists. */
function requirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

function labelRequirement(text: string): (labels: Record<string, string>) => boolean {
  const setMatch = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(text);
  if (setMatch) {
    const [, key = '', operator, list = ''] = setMatch;
    const values = list.split(',').map((value) => value.trim());
    return (labels) => {
      const value = labels[key];
      const inSet = value !== undefined && values.includes(value);
      return operator === 'in' ? inSet : !inSet;
    };
  }
  const compare = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(text);
  if (compare) {
    const [, key = '', operator, expected = ''] = compare;
    return (labels) => (operator === '!=' ? labels[key] !== expected : labels[key] === expected);
  }
  const exists = /^(!?)([\w./-]+)$/.exec(text);
  if (exists) {
    const [, negated, key = ''] = exists;
    return (labels) => (key in labels) !== (negated === '!');
  }
  throw new SelectorError(`unable to parse requirement: ${text}`);
}

export function labelMatcher(selector: string | null): Matcher {
  if (!selector) return () => true;
  const checks = requirements(selector).map(labelRequirement);
  return (object) => checks.every((check) => check(object.metadata.labels ?? {}));
}

// The field labels the real apiserver accepts for the kinds simulated here.
const FIELDS: Record<string, (object: KubeObject) => string | undefined> = {
  'metadata.name': (object) => object.metadata.name,
  'metadata.namespace': (object) => object.metadata.namespace,
  'status.phase': (object) => (object.kind === 'Pod' ? object.status.phase : undefined),
};

export function fieldMatcher(selector: string | null): Matcher {
  if (!selector) return () => true;
  const checks = requirements(selector).map((text): Matcher => {
    const match = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(text);
    const read = match ? FIELDS[match[1] ?? ''] : undefined;
    if (!match || !read) throw new SelectorError(`field label not supported: ${text.split(/[=!]/)[0] ?? text}`);
    const [, , operator, expected] = match;
    return (object) => (operator === '!=' ? read(object) !== expected : read(object) === expected);
  });
  return (object) => checks.every((check) => check(object));
}
