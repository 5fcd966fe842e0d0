import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP stand-in for a subgraph that can be switched between faults, for outage tests through the gateway:
 * - `pass`: forwards to the real subgraph;
 * - `stopped`: not listening, so connections are refused (a crashed or stopped process);
 * - `hang`: accepts and reads, never answers (a deadlocked process, a black-holed route);
 * - `stall-body`: answers HTTP 200 headers and a few bytes of body, then nothing (a subgraph dying mid-answer);
 * - `html`: answers every request with a 200 HTML page (a captive portal or a misrouted proxy);
 * - `http-500`: answers HTTP 500 with a plain-text body naming an internal host (a crashing framework's page);
 * - `bad-json`: answers 200 `application/json` whose body is cut short, so it does not parse;
 * - `json-scalar`: answers 200 `application/json` whose body is JSON but not an object (`"oops"`);
 * - `reset`: reads the request, then resets the connection without a byte of answer.
 * Switching mode drops every open connection, so no kept-alive socket carries on in the old mode.
 */
export type FaultMode =
  'pass' | 'stopped' | 'hang' | 'stall-body' | 'html' | 'http-500' | 'bad-json' | 'json-scalar' | 'reset';

export interface FaultProxy {
  /** The GraphQL URL to give the gateway in place of the subgraph's. */
  url: string;
  readonly mode: FaultMode;
  /** Connections accepted since start (each hung or stalled request opens a new one). */
  readonly accepted: number;
  set(mode: FaultMode): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(upstreamPort: number, upstreamHost = '127.0.0.1'): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  let mode: FaultMode = 'pass';
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted += 1;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (mode === 'hang') {
      client.resume();
      return;
    }
    if (mode === 'html') {
      const page = '<html><body>Service temporarily moved</body></html>';
      client.on('data', () =>
        client.write(`HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: ${page.length}\r\n\r\n${page}`),
      );
      return;
    }
    const canned: Partial<Record<FaultMode, [string, string, string]>> = {
      'http-500': [
        '500 Internal Server Error',
        'text/plain',
        'Error: connect ECONNREFUSED 10.1.2.3:5432\n    at TCPConnectWrap.afterConnect',
      ],
      'bad-json': ['200 OK', 'application/json', '{"data":{"_entities":[{"rat'],
      'json-scalar': ['200 OK', 'application/json', '"oops"'],
    };
    const answer = canned[mode];
    if (answer) {
      const [status, type, body] = answer;
      client.on('data', () =>
        client.write(
          `HTTP/1.1 ${status}\r\ncontent-type: ${type}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        ),
      );
      return;
    }
    if (mode === 'reset') {
      client.once('data', () => client.resetAndDestroy());
      return;
    }
    if (mode === 'stall-body') {
      client.once('data', () =>
        client.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4096\r\n\r\n{"data":'),
      );
      return;
    }
    const upstream = connect(upstreamPort, upstreamHost);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  const listening = () => server.listening;

  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${port}/graphql`,
    get mode() {
      return mode;
    },
    get accepted() {
      return accepted;
    },
    async set(next) {
      dropConnections();
      if (next === 'stopped' && listening()) await new Promise<void>((resolve) => server.close(() => resolve()));
      if (next !== 'stopped' && !listening())
        await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      mode = next;
    },
    async close() {
      dropConnections();
      if (listening()) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
