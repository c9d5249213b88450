import { createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A loopback server that accepts connections and never answers: a hung connection, for real,
 * so the SDK's own HTTP handler and its timeouts run. Send a request there with `hang`.
 */
export const startHungServer = async () => {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    // Reads and drops the request, so the client's close reaches 'close' here.
    socket.resume();
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    /** Points the SDK's HTTP request at this server, then sends it (`forward` of a fault). */
    hang: <T>(request: { hostname: string; port?: number }, forward: () => T): T => {
      request.hostname = '127.0.0.1';
      request.port = port;
      return forward();
    },
    connections: () => connections,
    /** True once every connection is closed (the client gave up on it), false if one is still open after `withinMillis`. */
    allClosed: async (withinMillis = 1_000): Promise<boolean> => {
      const deadline = Date.now() + withinMillis;
      while (sockets.size > 0 && Date.now() < deadline) await sleep(10);
      return sockets.size === 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
