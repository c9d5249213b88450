import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInThisContext } from 'node:vm';

/** How the loopback JWKS endpoint answers. */
export type JwksBehaviour =
  /** Answers at once with `body` (JSON-encoded unless a string) and `status` (200 by default). */
  | { answer: unknown; status?: number }
  /** Waits `millis` before sending anything, then answers with `answer`. */
  | { answer: unknown; delayMillis: number }
  /** Sends 200 and the headers at once, then waits `millis` before sending the body. */
  | { answer: unknown; stallBodyMillis: number };

export interface JwksServer {
  /** `http://127.0.0.1:PORT`, usable as the JWT issuer. */
  readonly issuer: string;
  /** `http://127.0.0.1:PORT/.well-known/jwks.json` */
  readonly jwksUri: string;
  /** Paths of every request received so far. */
  readonly requests: string[];
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

const listen = async (server: ReturnType<typeof createServer>): Promise<number> => {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  return (server.address() as AddressInfo).port;
};

/** A real HTTP server on 127.0.0.1 (ephemeral port) that serves a JWKS and counts requests. */
export const startJwksServer = async (behaviour: JwksBehaviour): Promise<JwksServer> => {
  const requests: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (millis: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, millis);
    timers.add(timer);
  };
  const body = typeof behaviour.answer === 'string' ? behaviour.answer : JSON.stringify(behaviour.answer);

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push(request.url ?? '');
    if ('delayMillis' in behaviour) {
      later(behaviour.delayMillis, () => response.writeHead(200, { 'content-type': 'application/json' }).end(body));
    } else if ('stallBodyMillis' in behaviour) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.flushHeaders();
      later(behaviour.stallBodyMillis, () => response.end(body));
    } else {
      response.writeHead(behaviour.status ?? 200, { 'content-type': 'application/json' }).end(body);
    }
  });
  const port = await listen(server);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      server.closeAllConnections?.();
    });
    return closing;
  };

  const issuer = `http://${LOOPBACK}:${port}`;
  return { issuer, jwksUri: `${issuer}/.well-known/jwks.json`, requests, close };
};

/** A loopback port with nothing listening on it: taken from a server that is then closed. */
export const unusedLoopbackPort = async (): Promise<number> => {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
};

/**
 * Node's own `process`. Jest gives each test file a copy of `process` whose event listeners
 * are never called: Node emits 'unhandledRejection' on the real one (where jest-circus listens
 * too). `vm.runInThisContext` evaluates in Node's main context, outside the test sandbox.
 */
const hostProcess = (): NodeJS.Process => runInThisContext('process') as NodeJS.Process;

/** Records unhandled promise rejections until `stop()` is called. */
export const watchUnhandledRejections = () => {
  const host = hostProcess();
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => {
    reasons.push(reason);
  };
  host.on('unhandledRejection', listener);
  return { reasons, stop: () => void host.off('unhandledRejection', listener) };
};
