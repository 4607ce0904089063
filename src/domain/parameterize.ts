/**
 * Rails' String#parameterize, as Signon's sync task uses it to name Secrets and as the alert's
 * `application` label carries it: lowercase, every run of characters other than a-z, 0-9,
 * `-` and `_` becomes one `-`, repeated separators collapse and edges are trimmed.
 */
export function parameterize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\-_]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-|-$/g, '');
}

/** The Secret the sync task writes for one API user and application. */
export function tokenSecretName(apiUserName: string, applicationName: string): string {
  return `signon-token-${parameterize(apiUserName)}-${parameterize(applicationName)}`;
}
