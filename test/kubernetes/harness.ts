/** Shared set-up for the Kubernetes tests: the real simulator, the real adapter, real sockets. */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { createKubernetesGateway, type KubernetesGatewayOptions } from '../../src/adapters/kubernetes.js';
import { createLogger } from '../../src/log.js';
import type { KubernetesGateway } from '../../src/ports.js';
import { startKubernetesSimulator, type KubernetesSimulator, type SeedDeployment, type SimulatorTiming } from '../../src/sandbox/kubernetes/index.js';

export const NAMESPACE = 'apps';
export const SECRET = 'signon-token-short-url-manager-publishing-api';
export const KEY = 'bearer_token';

/** Shaped like a Doorkeeper token: 43 URL-safe characters. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The Signon side of the sync: the current token for Short URL Manager / Publishing API.
 * `hold()` makes the sync task wait until released, so a test can act while a Job runs
 * without depending on how long anything takes.
 */
export class TokenSource {
  current = newToken();
  /** Further API users' tokens the sync should write. */
  others: Array<{ apiUserName: string; applicationName: string; token: string }> = [];
  private gate: Promise<void> = Promise.resolve();

  readonly source = async (): Promise<Array<{ apiUserName: string; applicationName: string; token: string }>> => {
    await this.gate;
    return [{ apiUserName: 'Short URL Manager', applicationName: 'Publishing API', token: this.current }, ...this.others];
  };

  hold(): () => void {
    let release = (): void => {};
    this.gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    return release;
  }
}

export const SHORT_URL_MANAGER: SeedDeployment = {
  name: 'short-url-manager',
  replicas: 2,
  containers: [{ name: 'app', env: [{ name: 'PUBLISHING_API_BEARER_TOKEN', secretName: SECRET }] }],
};

export const fastTiming: Partial<SimulatorTiming> = { jobDurationMs: 50, podStartDelayMs: 30, rolloutStepDelayMs: 30, podTerminationMs: 30 };

export async function startSimulator(tokens: TokenSource, deployments: SeedDeployment[] = [SHORT_URL_MANAGER], timing: Partial<SimulatorTiming> = fastTiming): Promise<KubernetesSimulator> {
  return startKubernetesSimulator({ syncSource: tokens.source, deployments, timing });
}

const discard = new Writable({ write: (_chunk, _encoding, callback) => callback() });

export function gatewayFor(sim: KubernetesSimulator, options: KubernetesGatewayOptions = {}): KubernetesGateway {
  return createKubernetesGateway(sim.kubeConfig, { watchRetryDelayMs: 20, progressIntervalMs: 50, logger: createLogger('test', discard), ...options });
}

/** Polls until the check holds; the test's own timeout bounds it. */
export async function eventually(check: () => boolean): Promise<void> {
  while (!check()) await delay(10);
}

export function noAbort(): AbortSignal {
  return new AbortController().signal;
}
