/** Starts a fastify app on host:port and says where it listens, closing it again if it cannot. */
import type { FastifyInstance } from 'fastify';

export interface ListeningServer {
  url: string;
  close(): Promise<void>;
}

export async function listenOn(app: FastifyInstance, host: string, port: number, what: string): Promise<ListeningServer> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') {
    await app.close();
    throw new Error(`the ${what} is not listening on TCP`);
  }
  // An IPv6 literal needs brackets in a URL.
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`, close: () => app.close() };
}
