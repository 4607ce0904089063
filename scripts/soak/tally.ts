/**
 * The soak's figures, read from what the rotations reported and, for the safety rules, from
 * Signon's own event log and the pods: a rotation's word is not proof that it created one
 * token or revoked once.
 */
import type { Sandbox } from '../../src/sandbox/gov-uk.js';

export interface RotationEnding {
  outcome: string;
  /** For failures: why, as the workflow said it. */
  reason?: string;
}

export interface SoakFigures {
  started: number;
  completed: number;
  compensated: number;
  failedByReason: Map<string, number>;
  unfinished: number;
  /** New tokens beyond one per rotated API user. */
  duplicateTokens: number;
  /** Tokens with more than one revoke in Signon's log. */
  doubleRevokes: number;
  /** Revoked tokens still in a running consumer pod's environment. */
  revokedInUse: number;
}

/** Ids and hashes differ per rotation; without them, equal failures group together. */
function reasonKey(reason: string): string {
  // The first sentence says what failed; the rest says what became of the tokens.
  return (reason.split('. ')[0] ?? reason)
    .replace(/[0-9a-f]{10,}/g, '<id>')
    .replace(/\b\d+\b/g, '<n>')
    .slice(0, 110);
}

export function tally(sandbox: Sandbox, emails: readonly string[], endings: ReadonlyMap<string, RotationEnding | undefined>): SoakFigures {
  const { store } = sandbox.signon;
  const events = store.events();
  const userIds = new Set(emails.map((email) => store.findUserByEmail(email)?.id).filter((id): id is string => id !== undefined));

  const createdByUser = new Map<string, string[]>();
  const revokesByToken = new Map<string, number>();
  for (const event of events) {
    if (!userIds.has(event.apiUserId)) continue;
    if (event.type === 'token-created') createdByUser.set(event.apiUserId, [...(createdByUser.get(event.apiUserId) ?? []), event.tokenId]);
    if (event.type === 'token-revoked') revokesByToken.set(event.tokenId, (revokesByToken.get(event.tokenId) ?? 0) + 1);
  }
  const created = [...createdByUser.values()];
  const duplicateTokens = created.reduce((sum, ids) => sum + Math.max(0, ids.length - 1), 0);
  const doubleRevokes = [...revokesByToken.values()].filter((count) => count > 1).length;
  // Compensation revokes the rotation's own new token.
  const compensated = created.flat().filter((id) => revokesByToken.has(id)).length;

  const revokedTexts = new Set([...revokesByToken.keys()].map((id) => store.token(id).token));
  const revokedInUse = sandbox.kubernetes
    .listPods()
    .filter((pod) => pod.deployment !== undefined && pod.phase === 'Running' && !pod.terminating)
    .flatMap((pod) => Object.values(pod.env).flatMap((env) => Object.values(env)))
    .filter((value) => revokedTexts.has(value)).length;

  const failedByReason = new Map<string, number>();
  let completed = 0;
  let unfinished = 0;
  for (const ending of endings.values()) {
    if (ending === undefined) unfinished += 1;
    else if (ending.outcome === 'rotated') completed += 1;
    else {
      const key = `${ending.outcome}: ${reasonKey(ending.reason ?? 'no reason given')}`;
      failedByReason.set(key, (failedByReason.get(key) ?? 0) + 1);
    }
  }
  return { started: endings.size, completed, compensated, failedByReason, unfinished, duplicateTokens, doubleRevokes, revokedInUse };
}

export function formatTable(figures: SoakFigures, extra: { peakRssBytes: number | undefined; wallMs: number; faults: ReadonlyMap<string, number> }): string {
  const rows: Array<[string, string]> = [
    ['started', String(figures.started)],
    ['completed (rotated)', String(figures.completed)],
    ['compensated (new token revoked)', String(figures.compensated)],
    ['failed', String([...figures.failedByReason.values()].reduce((sum, count) => sum + count, 0))],
    ...[...figures.failedByReason.entries()].map(([reason, count]): [string, string] => [`  ${reason}`, String(count)]),
    ['unfinished', String(figures.unfinished)],
    ['duplicate tokens (must be 0)', String(figures.duplicateTokens)],
    ['double revokes (must be 0)', String(figures.doubleRevokes)],
    ['revoked tokens still in pods (must be 0)', String(figures.revokedInUse)],
    ['worker peak RSS', extra.peakRssBytes === undefined ? 'unknown' : `${(extra.peakRssBytes / 1024 / 1024).toFixed(0)} MiB`],
    ['wall time', `${(extra.wallMs / 1000).toFixed(1)} s`],
    ['faults injected', String([...extra.faults.values()].reduce((sum, count) => sum + count, 0))],
    ...[...extra.faults.entries()].sort().map(([name, count]): [string, string] => [`  ${name}`, String(count)]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const line = `+-${'-'.repeat(width)}-+-${'-'.repeat(valueWidth)}-+`;
  return [line, ...rows.map(([label, value]) => `| ${label.padEnd(width)} | ${value.padStart(valueWidth)} |`), line].join('\n');
}
