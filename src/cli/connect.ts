/**
 * The CLI finds Temporal the way a person expects: TEMPORAL_ADDRESS if set, else the stack
 * that `npm start` is running (its stack file), else the default local address.
 */
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

export async function connectForCli(config: Config): Promise<CliConnection> {
  const stack = await readRunningStack(config.DATA_DIR);
  const address = config.TEMPORAL_ADDRESS ?? stack?.temporalAddress ?? `127.0.0.1:${config.TEMPORAL_PORT}`;
  const namespace = stack?.namespace ?? config.TEMPORAL_NAMESPACE;
  // The codec keys are loaded before connecting, so a missing key is reported as such.
  const dataConverter = await loadDataConverter(config);
  const connection = await Connection.connect({ address, connectTimeout: '5 seconds', ...(await temporalConnectionSettings(config)) });
  const taskQueue = stack?.taskQueue ?? config.TEMPORAL_TASK_QUEUE;
  return { client: new Client({ connection, namespace, dataConverter }), stack, taskQueue, close: () => connection.close() };
}
