/**
 * What `rake kubernetes:sync_token_secrets` does: for each token the Signon side says is
 * current, server-side-apply the Opaque Secret `signon-token-<user>-<app>` with key
 * `bearer_token`. It only creates and updates; it never deletes a Secret.
 */
import { tokenSecretName } from '../../domain/parameterize.js';
import { NAMESPACE, TOKEN_SECRET_KEY } from './manifests.js';
import type { ObjectStore } from './store.js';

export interface SyncedToken {
  apiUserName: string;
  applicationName: string;
  token: string;
}

/** The Signon side: for every non-suspended API user and application, the token that expires last. */
export type SyncSource = () => Promise<SyncedToken[]>;

/** Applies one key of a Secret; an unchanged value is a no-op (no new resourceVersion, no event). */
export function applySecretValue(store: ObjectStore, name: string, value: string, key = TOKEN_SECRET_KEY): void {
  const encoded = Buffer.from(value, 'utf8').toString('base64');
  const updated = store.update('Secret', NAMESPACE, name, (secret) => {
    secret.data = { ...secret.data, [key]: encoded };
  });
  if (updated) return;
  store.create<'Secret'>({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NAMESPACE }, type: 'Opaque', data: { [key]: encoded } });
}

export function syncTokenSecrets(store: ObjectStore, tokens: SyncedToken[]): void {
  for (const { apiUserName, applicationName, token } of tokens) {
    applySecretValue(store, tokenSecretName(apiUserName, applicationName), token);
  }
}
