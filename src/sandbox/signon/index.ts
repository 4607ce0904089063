export { startSignonSimulator, type SignonSimulator, type SignonSimulatorOptions } from './server.js';
export { SIGNON_FIXTURE } from './fixture.js';
export type {
  FixtureApiUser,
  FixtureApplication,
  FixtureConsumer,
  FixtureDeployment,
  FixtureGrant,
  FixtureToken,
  SignonFixture,
} from './fixture.js';
export type { SignonFaults, SignonFaultsPatch, SignonFaultsState } from './faults.js';
export type { SignonEvent, TokenView } from './model.js';
export type { Clock, SignonStore, SyncableToken } from './store.js';
export { TOKEN_EXPIRY_GAUGE } from './metrics.js';
