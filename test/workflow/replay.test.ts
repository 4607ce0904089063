/**
 * Saved histories of finished rotations (happy, rejected, failed) replayed against the current
 * workflow code: a change that would make running rotations non-deterministic fails here, in
 * CI, instead of in production. Refresh them only deliberately (README, "Changing the
 * workflow safely").
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from '@jest/globals';
import { Worker } from '@temporalio/worker';
import { bundleRotationWorkflow } from '../support/rotation-world.js';
import { bundleOnce } from '../support/temporal.js';
import { loadHistories, REPLAY_DATA_CONVERTER, SCENARIOS } from '../support/replay-fixtures.js';

describe('replaying saved rotation histories', () => {
  test('every saved history replays without a determinism error', async () => {
    const histories = await loadHistories();
    expect(histories.map((history) => history.workflowId)).toEqual(SCENARIOS.map((scenario) => `replay-${scenario}`).sort());
    const bundle = await bundleRotationWorkflow();
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter: REPLAY_DATA_CONVERTER }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  test('a workflow changed without patching fails the replay', async () => {
    const [history] = await loadHistories();
    if (!history) throw new Error('no saved history');
    const changed = await bundleOnce(fileURLToPath(new URL('../fixtures/replay/changed-workflow.ts', import.meta.url)));
    await expect(
      Worker.runReplayHistory({ workflowBundle: changed, dataConverter: REPLAY_DATA_CONVERTER }, history.history, history.workflowId),
    ).rejects.toThrow(/[Nn]ondetermin/);
  });
});
