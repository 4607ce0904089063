/** Reads the sandbox Signon's rows and audit log directly, to check what a rotation did. */
import type { Sandbox } from '../../src/sandbox/gov-uk.js';
import type { SignonEvent, TokenView } from '../../src/sandbox/signon/index.js';

export interface TokenRowsView {
  tokens: Array<{ id: string; token: string; revokedAt: number | null }>;
  events: SignonEvent[];
}

/** The user's tokens for the application and the audit events about them. */
export function tokenRows(sandbox: Sandbox, email: string, application: string): TokenRowsView {
  const { store } = sandbox.signon;
  const user = store.findUserByEmail(email);
  const app = store.findApplication(application);
  if (!user || !app) throw new Error(`no fixture grant for ${email} / ${application}`);
  return {
    tokens: store.listTokens(user.id, app.id).map((row) => ({ id: row.id, token: row.token, revokedAt: row.revokedAt })),
    events: store.events().filter((event) => event.apiUserId === user.id && event.applicationId === app.id),
  };
}

export function eventsOfType(view: TokenRowsView, type: SignonEvent['type']): string[] {
  return view.events.filter((event) => event.type === type).map((event) => event.tokenId);
}

export type { TokenView };
