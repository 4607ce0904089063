/**
 * What a finished rotation must have done, proven from Signon's event log and the pods: exactly
 * one new token created, the old token(s) revoked exactly once, and no revoked token still in
 * a running pod's environment.
 */
import { expect } from '@jest/globals';
import type { Sandbox } from '../../src/sandbox/gov-uk.js';
import { eventsOfType, tokenRows } from './signon-inspection.js';

export function expectExactlyOnceRotation(sandbox: Sandbox, email: string, application: string, oldTokenIds: string[], newTokenId: string | undefined): void {
  const rows = tokenRows(sandbox, email, application);
  expect(eventsOfType(rows, 'token-created')).toEqual([newTokenId]);
  expect(eventsOfType(rows, 'token-revoked').sort()).toEqual([...oldTokenIds].sort());
  expectNoRevokedTokenInUse(sandbox);
}

/** Every running consumer pod holds a live token: nothing a pod uses was revoked. */
export function expectNoRevokedTokenInUse(sandbox: Sandbox): void {
  const { store } = sandbox.signon;
  const revokedTexts = new Set(
    store.events().filter((event) => event.type === 'token-revoked').map((event) => store.token(event.tokenId).token),
  );
  const inUse = sandbox.kubernetes
    .listPods()
    .filter((pod) => pod.deployment !== undefined && pod.phase === 'Running' && !pod.terminating)
    .flatMap((pod) => Object.values(pod.env).flatMap((env) => Object.entries(env).map(([name, value]) => ({ pod: pod.name, name, value }))))
    .filter((variable) => revokedTexts.has(variable.value))
    .map((variable) => `${variable.pod} ${variable.name}`);
  expect(inUse).toEqual([]);
}
