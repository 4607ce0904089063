/**
 * The saved rotation histories that replay tests run against the current workflow code, and
 * the fixed codec key they were recorded under: history payloads are encrypted, so replay
 * must decode them exactly as the recording worker encoded them. The key guards nothing; it
 * exists only in these fixtures. No Jest imports: the recording script loads this too.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import proto, { type temporal } from '@temporalio/proto';
import { encryptingDataConverter } from '../../src/codec/load-codec.js';
import { parseCodecKeys } from '../../src/codec/keys.js';

export const HISTORIES_DIR = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
export const REPLAY_CODEC_KEYS = `replay-fixtures:${'3c'.repeat(32)}`;
export const REPLAY_DATA_CONVERTER = encryptingDataConverter(parseCodecKeys(REPLAY_CODEC_KEYS, 'replay fixtures'));
export const REPLAY_FINGERPRINT_KEY = 'replay-fixtures-fingerprint-key';

/**
 * One file per scenario, `<scenario>.json`: protobufjs' own object form of the History (enums
 * and int64s as strings, bytes as base64), readable in review and exact on the way back.
 * (The SDK's historyToJSON fails here: @temporalio/common carries its own protobufjs copy.)
 */
export const SCENARIOS = ['happy', 'rejected', 'failed'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export function historyFile(scenario: Scenario): string {
  return path.join(HISTORIES_DIR, `${scenario}.json`);
}

// A CommonJS package: its namespaces come through the default export under ESM.
const History = proto.temporal.api.history.v1.History;
const FORM = { longs: String, enums: String, bytes: String } as const;

export function historyToFixture(history: temporal.api.history.v1.IHistory): string {
  return `${JSON.stringify(History.toObject(History.fromObject(history), FORM), null, 1)}\n`;
}

export async function loadHistories(): Promise<HistoryAndWorkflowId[]> {
  const files = (await readdir(HISTORIES_DIR)).filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({
      workflowId: `replay-${path.basename(file, '.json')}`,
      history: History.fromObject(JSON.parse(await readFile(path.join(HISTORIES_DIR, file), 'utf8')) as Record<string, unknown>),
    })),
  );
}
