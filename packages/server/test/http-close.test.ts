import { connect, type Socket } from 'node:net';
import type { RunningHttpServer } from '../src/http';
import { startPlainHttp } from './support';

/**
 * Stopping the HTTP server (every gateway and subgraph process on SIGTERM) finishes requests in flight, but a
 * connection that has not finished sending a request has nothing to finish: a client trickling its headers
 * (slowloris), or one that stopped mid-request-line, must not hold the shutdown for the forced-close grace.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => undefined);
    socket.once('error', reject);
  });
}

describe('closing the HTTP server', () => {
  let server: Awaited<ReturnType<typeof startPlainHttp>>;
  let http: RunningHttpServer;

  beforeEach(async () => {
    server = await startPlainHttp({
      typeDefs: 'type Query { slow: String }',
      resolvers: { Query: { slow: async () => (await sleep(1500), 'done') } },
    });
    http = server.http;
  });
  afterEach(async () => {
    await server.stop();
  });

  it('does not wait for connections that have sent only part of a request', async () => {
    const sockets = [
      // Headers trickling in, never finished.
      await openSocket(http.port),
      // Only half a request line.
      await openSocket(http.port),
    ];
    sockets[0]!.write(`POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n`);
    sockets[1]!.write('POST /grap');
    await sleep(200);
    const started = Date.now();
    await http.close();
    const ms = Date.now() - started;
    process.stdout.write(`[http close] with two half-sent requests open: ${ms} ms\n`);
    for (const socket of sockets) socket.destroy();
    // The forced-close grace is 10 s; nothing here needs more than a moment.
    expect(ms).toBeLessThan(3000);
  });

  it('still finishes a request in flight, then closes', async () => {
    const answer = fetch(http.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ slow }' }),
    });
    await sleep(300);
    const trickling = await openSocket(http.port);
    trickling.write('GET /healthz HTTP/1.1\r\n');
    await sleep(100);
    await http.close();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { slow: 'done' } });
    trickling.destroy();
  });
});
