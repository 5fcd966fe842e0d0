import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP stand-in for a subgraph that can be switched between faults, for outage tests through the gateway:
 * - `pass`: forwards to the real subgraph;
 * - `stopped`: not listening, so connections are refused (a crashed or stopped process);
 * - `hang`: accepts and reads, never answers (a deadlocked process, a black-holed route);
 * - `stall-body`: answers HTTP 200 headers and a few bytes of body, then nothing (a subgraph dying mid-answer);
 * - `html`: answers every request with a 200 HTML page (a captive portal or a misrouted proxy).
 * Switching mode drops every open connection, so no kept-alive socket carries on in the old mode.
 */
export type FaultMode = 'pass' | 'stopped' | 'hang' | 'stall-body' | 'html';

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
      client.on('data', () => client.write(`HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: ${page.length}\r\n\r\n${page}`));
      return;
    }
    if (mode === 'stall-body') {
      client.once('data', () => client.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 4096\r\n\r\n{"data":'));
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
      if (next !== 'stopped' && !listening()) await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      mode = next;
    },
    async close() {
      dropConnections();
      if (listening()) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
