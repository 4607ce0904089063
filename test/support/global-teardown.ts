/** Stops the Temporal dev server that global-setup.ts started (a no-op for TEMPORAL_ADDRESS). */
import type { TestGlobals } from './global-setup.js';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as TestGlobals).temporalTestServer?.stop();
}
