// ESM mode: @kubernetes/client-node 1.x and ky are ESM-only, so ts-jest compiles to ESM
// and jest runs with --experimental-vm-modules (set by `npm test`).
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // One Temporal dev server for the whole run; tests find it through TEMPORAL_TEST_ADDRESS.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // The Temporal dev server and the sandbox take seconds to start.
  testTimeout: 120_000,
};
