import type { FastifyInstance } from 'fastify';
import { bearerToken } from '../bearer.js';
import type { SignonStore, Validation } from './store.js';

const DESCRIPTIONS: Record<Extract<Validation, { ok: false }>['reason'], string> = {
  invalid: 'The access token is invalid',
  revoked: 'The access token was revoked',
  expired: 'The access token expired',
};

/**
 * `GET /user.json` as gds-sso calls it to check a bearer token: Doorkeeper's 401 for a token
 * that is unknown, revoked or expired; otherwise the user and its permissions for the token's
 * application, and last_synced_at touched as Signon's `permissions_synced!` does.
 */
export function registerUserJsonRoute(app: FastifyInstance, store: SignonStore): void {
  app.get('/user.json', async (request, reply) => {
    const token = bearerToken(request.headers.authorization);
    const result: Validation = token === null ? { ok: false, reason: 'invalid' } : store.validate(token);
    if (!result.ok) {
      const description = DESCRIPTIONS[result.reason];
      return reply
        .code(401)
        .header('www-authenticate', `Bearer realm="Doorkeeper", error="invalid_token", error_description="${description}"`)
        .send({ error: 'invalid_token', error_description: description });
    }
    return {
      user: {
        uid: result.user.id,
        name: result.user.name,
        email: result.user.email,
        permissions: result.permissions,
        organisation_slug: null,
        organisation_content_id: null,
        disabled: result.user.suspended,
      },
      // Sandbox addition: real Signon rejects another app's token with 401 when gds-sso sends
      // its client_id. Naming the token's application lets the server simulator answer 403
      // instead, so a smoke test can tell "wrong application" from "bad token".
      application: { id: result.application.id, name: result.application.name },
    };
  });
}
