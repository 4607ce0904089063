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
const SELF_ROTATING_CLIENT = 'signon api client (permission and suspension updater)';

/** Compares names the way the alert label and Signon's UI may spell them. */
function looseName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * The runbook's special cases name either the server application or the API user, so both are
 * checked: the user by its email's local part and, once Signon has been read, by its name
 * (an alert only carries the email, so the workflow triages again after preflight).
 */
export function triage(request: {
  environment: string;
  apiUser: string;
  application: string;
  apiUserName?: string;
}): TriageDecision {
  if (request.environment === 'staging') {
    return {
      action: 'ignore',
      reason: "staging: the overnight restore copies production's Signon into staging, so rotating there is undone",
    };
  }
  const application = looseName(request.application);
  const userNames = [looseName(request.apiUser.split('@')[0] ?? ''), looseName(request.apiUserName ?? '')];
  const isNamed = (name: string) => application === name || userNames.includes(name);
  if (TRADE_TARIFF_APPS.some(isNamed)) {
    return {
      action: 'hand-to-person',
      reason: 'Trade Tariff Admin/Backend tokens are not automated: follow "Trade Tariff Admin" on the wiki',
    };
  }
  if (isNamed(looseName(SELF_ROTATING_CLIENT))) {
    return { action: 'ignore', reason: 'Signon API Client (permission and suspension updater) rotates its own token' };
  }
  return { action: 'rotate' };
}
