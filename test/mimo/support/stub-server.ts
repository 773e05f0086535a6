import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StubHandler = (request: IncomingMessage, response: ServerResponse) => void;

export interface StubServer {
  url: string;
  /** Request URLs (path and query) in arrival order. */
  requests: string[];
  /** Sets the handler of the next requests, replacing the previous one. */
  respondWith(handler: StubHandler): void;
  close(): Promise<void>;
}

/** Starts an HTTP server on a random loopback port that responds with scripted responses. */
export async function startStubServer(): Promise<StubServer> {
  const requests: string[] = [];
  let handler: StubHandler = (_request, response) => {
    response.writeHead(500).end('no handler set');
  };
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(next) {
      handler = next;
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Returns a handler that responds to every request with the given status and body. */
export function reply(status: number, body: string, headers: Record<string, string> = {}): StubHandler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
  };
}

/** Returns a handler that sends each of `responses` in turn, then repeats the last. */
export function replySequence(responses: Array<[number, string]>): StubHandler {
  let index = 0;
  return (_request, response) => {
    const [status, body] = responses[Math.min(index, responses.length - 1)]!;
    index += 1;
    response.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };
}

/** A handler that destroys the socket without a response. */
export const dropConnection: StubHandler = (request) => {
  request.socket.destroy();
};
