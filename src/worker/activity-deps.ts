/**
 * Builds the activities' outside world from configuration: the sandbox's simulators, or
 * (later) real Signon, Kubernetes and server APIs. Only this file knows which is which.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { ActivityDeps, RotationPolicy } from '../../activities/index.js';
import { createKubernetesGateway } from '../adapters/kubernetes.js';
import { createServerApiClient } from '../adapters/server-api.js';
import { createSandboxSignonGateway } from '../adapters/signon-sandbox.js';
import { approversFromConfig } from '../config/approvers.js';
import type { Config } from '../config/config.js';
import { createFingerprinter } from '../domain/fingerprint.js';
import type { Logger } from '../log.js';

const DAY_SECONDS = 24 * 60 * 60;

export function policyFromConfig(config: Config): RotationPolicy {
  return {
    namespace: config.KUBERNETES_NAMESPACE,
    syncCronJobName: config.SYNC_CRONJOB_NAME,
    freshForSeconds: config.FRESH_FOR_DAYS * DAY_SECONDS,
    disusedAfterSeconds: config.DISUSED_AFTER_DAYS * DAY_SECONDS,
    internalEmailDomains: config.INTERNAL_EMAIL_DOMAINS,
    ...approversFromConfig(config),
  };
}

export interface SandboxEndpoints {
  signonUrl: string;
  signonAdminToken: string;
  kubeConfig: KubeConfig;
  serverApiUrls: Record<string, string>;
}

export function sandboxActivityDeps(
  endpoints: SandboxEndpoints,
  config: Config,
  fingerprintKey: string,
  logger: Logger,
): ActivityDeps {
  const fingerprint = createFingerprinter(fingerprintKey);
  return {
    signon: createSandboxSignonGateway({
      baseUrl: endpoints.signonUrl,
      adminToken: endpoints.signonAdminToken,
      fingerprint,
      timeoutMs: config.HTTP_TIMEOUT_MS,
      logger,
    }),
    kubernetes: createKubernetesGateway(endpoints.kubeConfig, { logger }),
    serverApi: createServerApiClient({
      baseUrls: { ...endpoints.serverApiUrls, ...config.SERVER_API_URLS },
      timeoutMs: config.HTTP_TIMEOUT_MS,
      logger,
    }),
    fingerprint,
    policy: policyFromConfig(config),
    logger,
    now: () => new Date(),
  };
}
