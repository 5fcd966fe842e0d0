import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestSigner, type TestSigner } from '@shop/testing';
import { createTokenVerifier } from '../src/access-token';
import { RefusedRequest, identityFromHeaders } from '../src/identity';

/**
 * auth stops or hangs (issue 8, item 3) while the gateway and the subgraphs verify tokens with its JWKS. Once their
 * cached keys were due for a refresh, every signed-in request used to be a 401 "invalid token" (which makes clients
 * sign their users out), and a service started during the outage refused every token as invalid.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function serveKeys(signer: TestSigner): Promise<{ url: string; stop(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(signer.jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('token keys while auth is down', () => {
  it('keeps accepting tokens signed with the keys fetched last once the cache is due, and still refuses forged ones', async () => {
    const signer = await createTestSigner();
    const keys = await serveKeys(signer);
    const verifier = createTokenVerifier({ url: keys.url, cacheMaxAgeMs: 200 });
    const token = await signer.mint({ userId: '00000000-0000-7000-8000-000000000001' });
    expect((await verifier.verify(token)).kind).toBe('user');

    await keys.stop();
    await sleep(400); // the cache is now stale: jose would refetch, fail, and throw
    const headers = { authorization: `Bearer ${token}` };
    await expect(identityFromHeaders(headers, verifier)).resolves.toMatchObject({ kind: 'user' });

    // A token from another key pair is still refused, outage or not.
    const stranger = await (await createTestSigner()).mint({});
    await expect(identityFromHeaders({ authorization: `Bearer ${stranger}` }, verifier)).rejects.toMatchObject({
      status: 401,
    });
  });

  it('answers 503 (retry), not 401 (invalid token), when the keys were never fetched and auth cannot be reached', async () => {
    const signer = await createTestSigner();
    const keys = await serveKeys(signer);
    await keys.stop();
    const verifier = createTokenVerifier({ url: keys.url });
    const token = await signer.mint({});
    const refusal = await identityFromHeaders({ authorization: `Bearer ${token}` }, verifier).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(RefusedRequest);
    expect(refusal).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });
});
