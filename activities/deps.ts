/** What every activity is given: the outside world behind interfaces, plus the rules it applies. */
import type { Fingerprinter } from '../src/domain/fingerprint.js';
import type { Logger } from '../src/log.js';
import type { KubernetesGateway, ServerApiClient, SignonGateway } from '../src/ports.js';

export interface RotationPolicy {
  /** Where the sync CronJob, the token Secrets and their consumers live. */
  namespace: string;
  syncCronJobName: string;
  /** A token that outlives this is fresh: the alert's threshold (14 days). */
  freshForSeconds: number;
  /** No validation by the consumer for this long marks the token disused (last_synced_at). */
  disusedAfterSeconds: number;
  /** API users whose email ends with one of these are GOV.UK apps fed by Kubernetes Secrets. */
  internalEmailDomains: readonly string[];
  /** Per environment, who may approve revocation; an environment missing here lets any named person approve. */
  approvers: Readonly<Record<string, readonly string[]>>;
  /** The person who started a rotation may not approve it. */
  approverNotStarter: boolean;
}

export interface ActivityDeps {
  signon: SignonGateway;
  kubernetes: KubernetesGateway;
  serverApi: ServerApiClient;
  fingerprint: Fingerprinter;
  policy: RotationPolicy;
  logger: Logger;
  now: () => Date;
}
