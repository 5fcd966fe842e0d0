import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createLogger } from '@shop/core';
import { createTokenVerifier } from '@shop/server';
import { createTestSigner } from '@shop/testing';
import { loadSupergraph, startGateway, type RunningGateway } from '../src/gateway';

/**
 * The real gateway in front of a subgraph that breaks its contract (null for the non-null `User.email`). Left
 * alone, @apollo/gateway nulls the parent and reports the error only in `extensions.valueCompletion`, where no
 * client looks; the answer must carry it in `errors`, with its path and a stable code, and leak nothing.
 */
let stub: Server;
let gateway: RunningGateway;
let answer: unknown;

beforeAll(async () => {
  stub = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((done) => stub.listen(0, '127.0.0.1', done));
  const signer = await createTestSigner();
  gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    runtime: 'distributed',
    supergraphSdl: loadSupergraph(resolve(__dirname, '../../schema/supergraph.graphql')),
    subgraphUrls: { users: `http://127.0.0.1:${(stub.address() as AddressInfo).port}/graphql` },
    gatewaySecret: 'test-secret',
    logger: createLogger('gateway-value-completion', process.env.TEST_LOG_LEVEL ?? 'silent'),
    sandbox: false,
    maskErrors: true,
    rateLimitPerMinute: 0,
    tokens: createTokenVerifier({ jwks: signer.jwks }),
  });
});

afterAll(async () => {
  await gateway?.stop();
  await new Promise((done) => stub?.close(done));
});

async function ask(query: string): Promise<{
  data?: unknown;
  errors?: { message: string; path?: unknown[]; extensions?: { code?: string } }[];
  extensions?: Record<string, unknown>;
}> {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as never;
}

describe('value completion errors', () => {
  it('are reported in `errors` with their path, not hidden in extensions.valueCompletion', async () => {
    answer = { data: { me: { __typename: 'User', id: '0190a000-0000-7000-8000-000000000001', email: null } } };
    const body = await ask(`{ me { email } }`);
    expect(body.extensions?.valueCompletion).toBeUndefined();
    expect(body.data).toEqual({ me: null });
    expect(body.errors).toEqual([
      { message: 'Internal server error', path: ['me', 'email'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    ]);
  });

  it('leave a valid answer untouched', async () => {
    answer = {
      data: { me: { __typename: 'User', id: '0190a000-0000-7000-8000-000000000001', email: 'a@example.com' } },
    };
    const body = await ask(`{ me { email } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ me: { email: 'a@example.com' } });
    expect(body.extensions?.valueCompletion).toBeUndefined();
  });
});
