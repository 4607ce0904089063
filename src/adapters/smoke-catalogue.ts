/**
 * The cheapest request per server application that still needs a valid bearer token, keyed
 * by parameterized application name (the alert's `application` label). Health checks and
 * content-store reads skip authentication, so they would prove nothing about a token.
 */
export interface SmokeRequest {
  method: 'GET' | 'POST';
  path: string;
  searchParams?: Record<string, string>;
  json?: unknown;
  /** Statuses that prove the token was accepted; a 404 behind authentication counts. */
  accepted: readonly number[];
}

export const SMOKE_CATALOGUE: Readonly<Record<string, SmokeRequest>> = {
  // gds-api-adapters' lookup_content_id(base_path: "/"), as the runbook suggests.
  'publishing-api': { method: 'POST', path: '/lookup-by-base-path', json: { base_paths: ['/'] }, accepted: [200] },
  // A made-up slug: 404 "no such list" comes only after authentication passed.
  'email-alert-api': { method: 'GET', path: '/subscriber-lists/signon-token-rotation-smoke-check', accepted: [200, 404] },
  // An id no asset has: 404 comes only after authentication passed.
  'asset-manager': { method: 'GET', path: '/assets/000000000000000000000000', accepted: [200, 404] },
  'link-checker-api': { method: 'GET', path: '/check', searchParams: { uri: 'https://www.gov.uk/' }, accepted: [200] },
};
