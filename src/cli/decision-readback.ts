/**
 * Signals cannot answer, so a command that sends one cannot know from the send whether the
 * rotation took it. The rotation records every decision it receives, accepted or refused, in
 * its status query; this reads back the one the command produced.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { statusQuery } from '../../workflows/messages.js';
import type { DecisionRecord } from '../../workflows/types.js';

const READBACK_TIMEOUT_MS = 5_000;
const READBACK_INTERVAL_MS = 200;

export async function sendAndReadDecision(
  handle: WorkflowHandle,
  expected: Pick<DecisionRecord, 'kind' | 'by'>,
  send: () => Promise<void>,
): Promise<DecisionRecord> {
  // Counting first (rather than comparing clocks) finds this command's decision even when
  // the worker's clock differs from ours; matching kind and by skips anyone else's.
  const before = (await handle.query(statusQuery)).decisions.length;
  await send();
  const deadline = Date.now() + READBACK_TIMEOUT_MS;
  for (;;) {
    const newer = (await handle.query(statusQuery)).decisions.slice(before);
    const decision = newer.find((recorded) => recorded.kind === expected.kind && recorded.by === expected.by);
    if (decision) return decision;
    if (Date.now() > deadline) {
      throw new Error(`${handle.workflowId}: sent, but the rotation has not recorded it within ${READBACK_TIMEOUT_MS / 1000} s; see show ${handle.workflowId}`);
    }
    await new Promise((resolve) => setTimeout(resolve, READBACK_INTERVAL_MS));
  }
}
