/**
 * The CLI finds Temporal the way a person expects: TEMPORAL_ADDRESS if set, else the stack
 * that `npm start` is running (its stack file), else the default local address.
 */
import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config/config.js';
import { readRunningStack, type StackInfo } from '../stack-file.js';

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
  const connection = await Connection.connect({ address, connectTimeout: '5 seconds' });
  const taskQueue = stack?.taskQueue ?? config.TEMPORAL_TASK_QUEUE;
  return { client: new Client({ connection, namespace }), stack, taskQueue, close: () => connection.close() };
}
