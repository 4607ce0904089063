/** The embedded dev server's Web UI is pointed at the codec server: `temporal server start-dev --ui-codec-endpoint`. */
import { expect, test } from '@jest/globals';
import { startTemporal } from '../../src/temporal/dev-server.js';
import { createLogger } from '../../src/log.js';

test('the Web UI settings name the codec endpoint the stack passes', async () => {
  const endpoint = 'http://127.0.0.1:8788';
  const server = await startTemporal({ extraArgs: ['--ui-codec-endpoint', endpoint], logger: createLogger('test', { write: () => true } as unknown as NodeJS.WritableStream) });
  try {
    const response = await fetch(`${server.uiUrl}/api/v1/settings`);
    expect(response.status).toBe(200);
    const settings = (await response.json()) as { Codec?: { Endpoint?: string } };
    expect(settings.Codec?.Endpoint).toBe(endpoint);
  } finally {
    await server.stop();
  }
});
