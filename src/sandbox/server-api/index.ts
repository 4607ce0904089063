export {
  startServerApiSimulator,
  type ServerApiSimulator,
  type ServerApiSimulatorOptions,
  type SimulatedServerApp,
} from './server.js';
export type { ServerApiFaults, ServerApiFaultsPatch } from './faults.js';
