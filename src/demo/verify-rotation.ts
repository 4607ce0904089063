/**
 * The demo's proof, read from the outside systems themselves (Signon's admin API and the
 * Kubernetes API), never from the workflow's own claims: old tokens revoked, the Secret and
 * every running consumer pod on the new token. Compared by fingerprint, so nothing is printed.
 */
import type { Fingerprinter } from '../domain/fingerprint.js';
import type { KubernetesGateway, SignonGateway } from '../ports.js';

export interface VerificationInput {
  signon: SignonGateway;
  kubernetes: KubernetesGateway;
  fingerprint: Fingerprinter;
  namespace: string;
  apiUser: string;
  application: string;
  secretName: string;
  oldTokenIds: string[];
  newTokenId: string;
}

export interface Check {
  ok: boolean;
  what: string;
}

export async function verifyRotation(input: VerificationInput): Promise<Check[]> {
  const checks: Check[] = [];
  const user = await input.signon.findApiUser(input.apiUser);
  const application = await input.signon.findApplication(input.application);
  if (!user || !application) return [{ ok: false, what: `Signon knows ${input.apiUser} and ${input.application}` }];

  const tokens = await input.signon.listTokens(user.id, application.id);
  for (const oldId of input.oldTokenIds) {
    const revoked = tokens.find((token) => token.id === oldId)?.revokedAt;
    checks.push({ ok: Boolean(revoked), what: `old token ${oldId} is revoked in Signon` });
  }
  const newToken = tokens.find((token) => token.id === input.newTokenId);
  checks.push({ ok: newToken !== undefined && newToken.revokedAt === null, what: `new token ${input.newTokenId} is live in Signon` });
  const expected = newToken?.fingerprint;

  const secretValue = await input.kubernetes.readSecretValue(input.namespace, input.secretName, 'bearer_token');
  checks.push({ ok: secretValue !== null && input.fingerprint(secretValue) === expected, what: `Secret ${input.secretName} holds the new token` });

  const consumers = await input.kubernetes.findSecretConsumers(input.namespace, input.secretName, 'bearer_token');
  for (const consumer of consumers) {
    for (const pod of await input.kubernetes.listRunningPods(input.namespace, consumer.deployment)) {
      const value = await input.kubernetes.readPodEnv(input.namespace, pod.name, consumer.container, consumer.envVar);
      checks.push({ ok: value !== null && input.fingerprint(value) === expected, what: `pod ${pod.name} sees the new token in ${consumer.envVar}` });
    }
  }
  return checks;
}
