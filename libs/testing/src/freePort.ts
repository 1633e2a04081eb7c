import { once } from 'node:events';
import { createServer } from 'node:net';

/** A loopback port nobody listens on now, for a server that must keep its port across restarts. */
export const freePort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
};
