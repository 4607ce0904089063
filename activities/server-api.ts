/** The smoke call: the new token works against the server application, as the runbook's console call proved. */
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps.js';

export interface ApiSmokeCallInput {
  application: string;
  tokenId: string;
}

export interface ApiSmokeCallResult {
  status: number;
  durationMs: number;
}

export function createServerApiActivities(deps: ActivityDeps) {
  return {
    async apiSmokeCall(input: ApiSmokeCallInput): Promise<ApiSmokeCallResult> {
      // The token is read from Signon here, used once and dropped: it never enters history.
      const token = await deps.signon.revealToken(input.tokenId);
      return deps.serverApi.smokeCall(input.application, token, Context.current().cancellationSignal);
    },
  };
}
