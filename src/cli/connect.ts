/**
 * The CLI finds Temporal the way a person expects: TEMPORAL_ADDRESS if set, else the stack
 * that `npm start` is running (its stack file). In the sandbox there is no guessing beyond
 * that: a CLI pointed at the wrong data folder would otherwise start rotations that no worker
 * can read (see `SandboxKeyUse`), so it stops and says where it looked.
 */
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadDataConverter } from '../codec/load-codec.js';
import type { Config } from '../config/config.js';
import { readRunningStack, type StackInfo } from '../stack-file.js';
import { temporalConnectionSettings } from '../temporal/connection-settings.js';

export interface CliConnection {
  client: Client;
  stack: StackInfo | null;
  taskQueue: string;
  close(): Promise<void>;
}

/** Where to connect, where that came from and what to check, for the error when it fails. */
interface Target {
  address: string;
  from: string;
  hint: string;
}

function temporalTarget(config: Config, stack: StackInfo | null): Target {
  if (config.TEMPORAL_ADDRESS !== undefined) {
    return { address: config.TEMPORAL_ADDRESS, from: 'TEMPORAL_ADDRESS', hint: 'is Temporal running there? Fix TEMPORAL_ADDRESS, or unset it to use the stack npm start runs' };
  }
  const dataDir = path.resolve(config.DATA_DIR);
  if (stack) {
    return { address: stack.temporalAddress, from: `the stack file in ${dataDir}`, hint: `is the npm start that wrote it (pid ${stack.pid}) still serving? Restart it` };
  }
  if (config.ROTATION_MODE === 'sandbox') {
    throw new Error(`no running stack found in ${dataDir} (start one with npm start, or set DATA_DIR to the one npm start uses, or TEMPORAL_ADDRESS)`);
  }
  return { address: `127.0.0.1:${config.TEMPORAL_PORT}`, from: 'the default address', hint: 'set TEMPORAL_ADDRESS to your Temporal cluster' };
}

export async function connectForCli(config: Config): Promise<CliConnection> {
  const stack = await readRunningStack(config.DATA_DIR);
  const { address, from, hint } = temporalTarget(config, stack);
  const namespace = stack?.namespace ?? config.TEMPORAL_NAMESPACE;
  // The codec keys are loaded before connecting, so a missing key is reported as such.
  const dataConverter = await loadDataConverter(config, 'read-only');
  const settings = await temporalConnectionSettings(config);
  const connection = await Connection.connect({ address, connectTimeout: '5 seconds', ...settings }).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot reach Temporal at ${address} (from ${from}): ${reason}; ${hint}`);
  });
  const taskQueue = stack?.taskQueue ?? config.TEMPORAL_TASK_QUEUE;
  return { client: new Client({ connection, namespace, dataConverter }), stack, taskQueue, close: () => connection.close() };
}
