/**
 * Turns one notification into per-alert outcomes: decides each alert, starts one rotation per
 * distinct token, and reports every alert. Knows nothing of HTTP, so the server stays a thin shell.
 *
 * When some starts succeed and another cannot reach Temporal, the caller answers 503 with every
 * outcome: Alertmanager then resends the whole group, and the rotations that did start come back
 * as 'already-running' from the starter's workflow-id policy (or, if one finished meanwhile, its
 * preflight finds the token rotated and does nothing). Answering 200 instead would leave the
 * failed token unrotated until Alertmanager's next repeat interval, hours later.
 */
import { z } from 'zod';
import type { Logger } from '../log.js';
import type { RotationStarter, StartedRotation } from '../temporal/rotation-starter.js';
import { rotationWorkflowId } from '../temporal/names.js';
import type { RotationInput } from '../../workflows/types.js';
import { decideAlert, type NotRotatedCode } from './decide-alert.js';
import type { AlertmanagerPayload } from './payload.js';

interface AlertRef {
  /** The alert's position in the notification's `alerts`, as the payload's field paths name it. */
  index: number;
  fingerprint: string;
}

export type AlertOutcome =
  | (AlertRef & { outcome: 'started' | 'already-running'; workflowId: string })
  | (AlertRef & { outcome: 'ignored' | 'rejected'; code: NotRotatedCode; reason: string })
  | (AlertRef & { outcome: 'unavailable'; workflowId: string; reason: string });

class StartTimedOut extends Error {
  override readonly name = 'StartTimedOut';
}

/**
 * The Temporal client retries an unreachable server for a long time; Alertmanager should hear
 * 503 and retry on its own schedule instead of holding the connection open.
 */
async function startWithin(starter: RotationStarter, input: RotationInput, timeoutMs: number): Promise<StartedRotation> {
  const started = starter.start(input);
  // If the deadline wins, a late failure of the start itself has no one left to hear it.
  started.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StartTimedOut(`starting the rotation took longer than ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([started, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export async function receiveNotification(
  payload: AlertmanagerPayload,
  deps: { starter: RotationStarter; logger: Logger; startTimeoutMs: number },
): Promise<AlertOutcome[]> {
  const outcomes: AlertOutcome[] = [];
  // Alerts for the same token (an HA pair's copies, or a group listing it twice) share one start.
  const byWorkflowId = new Map<string, { input: RotationInput; alerts: AlertRef[] }>();

  payload.alerts.forEach((alert, index) => {
    const ref: AlertRef = { index, fingerprint: alert.fingerprint };
    const decision = decideAlert(alert);
    if (decision.kind !== 'rotate') {
      outcomes[index] = { ...ref, outcome: decision.kind, code: decision.code, reason: decision.reason };
      return;
    }
    const workflowId = rotationWorkflowId(decision.input);
    const group = byWorkflowId.get(workflowId);
    if (group) group.alerts.push(ref);
    else byWorkflowId.set(workflowId, { input: decision.input, alerts: [ref] });
  });

  const groups = [...byWorkflowId.entries()];
  const results = await Promise.allSettled(groups.map(([, group]) => startWithin(deps.starter, group.input, deps.startTimeoutMs)));

  results.forEach((result, position) => {
    const [workflowId, group] = groups[position]!;
    if (result.status === 'fulfilled') {
      group.alerts.forEach((ref, nth) => {
        // Later copies attach to the rotation the first one started or found.
        const outcome = nth === 0 ? result.value.outcome : 'already-running';
        outcomes[ref.index] = { ...ref, outcome, workflowId: result.value.workflowId };
      });
    } else if (result.reason instanceof z.core.$ZodError) {
      // decideAlert validated the same schema, so this means the starter's rules moved on.
      const issue = result.reason.issues[0];
      const reason = `rotation input ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`;
      for (const ref of group.alerts) outcomes[ref.index] = { ...ref, outcome: 'rejected', code: 'invalid-label', reason };
    } else {
      deps.logger.error({ err: result.reason, workflowId }, 'could not start a rotation from an alert');
      const reason = 'could not start the rotation (Temporal unreachable?); resend to retry';
      for (const ref of group.alerts) outcomes[ref.index] = { ...ref, outcome: 'unavailable', workflowId, reason };
    }
  });
  return outcomes;
}
