export {
  startServerApiSimulator,
  type ServerApiSimulator,
  type ServerApiSimulatorOptions,
  type SimulatedServerApp,
} from './server.js';
export type { ServerApiFaults } from './faults.js';
