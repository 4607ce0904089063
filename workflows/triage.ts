/**
 * The runbook's triage rules, in one place: the workflow applies them first, and the alert
 * webhook applies the same function before it starts anything. Pure and deterministic, so it
 * is safe inside workflow code.
 */

export type TriageDecision =
  | { action: 'rotate' }
  | { action: 'ignore'; reason: string }
  | { action: 'hand-to-person'; reason: string };

const TRADE_TARIFF_APPS = ['trade tariff admin', 'trade tariff backend'];
const SELF_ROTATING_APP = 'signon api client (permission and suspension updater)';

/** Compares names the way the alert label and Signon's UI may spell them. */
function looseName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * The runbook says "if the token is for Trade Tariff Admin or Trade Tariff Backend": that may be
 * the server application or the API user, so both are checked (the user by its email's local part).
 */
export function triage(request: { environment: string; apiUser: string; application: string }): TriageDecision {
  if (request.environment === 'staging') {
    return {
      action: 'ignore',
      reason: "staging: the overnight restore copies production's Signon into staging, so rotating there is undone",
    };
  }
  const application = looseName(request.application);
  const apiUserLocalPart = looseName(request.apiUser.split('@')[0] ?? '');
  if (TRADE_TARIFF_APPS.includes(application) || TRADE_TARIFF_APPS.includes(apiUserLocalPart)) {
    return {
      action: 'hand-to-person',
      reason: 'Trade Tariff Admin/Backend tokens are not automated: follow "Trade Tariff Admin" on the wiki',
    };
  }
  if (application === looseName(SELF_ROTATING_APP)) {
    return { action: 'ignore', reason: 'Signon API Client (permission and suspension updater) rotates its own token' };
  }
  return { action: 'rotate' };
}
