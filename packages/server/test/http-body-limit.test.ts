import { bodyRoute, type RunningHttpServer } from '../src/http';
import { startPlainHttp } from './support';

/**
 * A body over the limit is answered 413 while the client may still be uploading it. The server used to stop reading
 * there, and about one 300 kB upload in ten then hung for good: the client, its request half sent, never read the
 * answer. Every oversized upload must get its 413, promptly, on the GraphQL endpoint and on a webhook route.
 */

const withTimeout = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    work,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms)),
  ]);

describe('bodies over the limit', () => {
  let server: Awaited<ReturnType<typeof startPlainHttp>>;
  let http: RunningHttpServer;

  beforeAll(async () => {
    server = await startPlainHttp(
      { typeDefs: 'type Query { ok: Boolean }' },
      { postRoutes: { '/hook': bodyRoute(10_000, (_req, res) => void res.end('fine')) } },
    );
    http = server.http;
  });
  afterAll(async () => {
    await server.stop();
  });

  it('answers every oversized upload 413, and the connection still serves the next request', async () => {
    const base = `http://127.0.0.1:${http.port}`;
    const hookBody = 'x'.repeat(300_000);
    const graphqlBody = JSON.stringify({ query: '{ ok }', pad: 'x'.repeat(3_000_000) });
    for (let i = 0; i < 60; i++) {
      const hook = await withTimeout(fetch(`${base}/hook`, { method: 'POST', body: hookBody }), 10_000, `upload ${i}`);
      expect(hook.status).toBe(413);
      await hook.text();
    }
    for (let i = 0; i < 10; i++) {
      const big = await withTimeout(
        fetch(`${base}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: graphqlBody,
        }),
        10_000,
        `graphql upload ${i}`,
      );
      expect(big.status).toBe(413);
      await big.text();
    }
    const small = await fetch(`${base}/hook`, { method: 'POST', body: 'small' });
    expect(await small.text()).toBe('fine');
  }, 120_000);
});
