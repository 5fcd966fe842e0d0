import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@shop/core';
import { forwardWebhooks } from '../src/webhook-forward';

/** POST /webhooks/<subgraph>/... on the gateway reaches the same path on that subgraph, body and headers as sent. */
const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

let received: { path: string; body: string; headers: IncomingHttpHeaders }[] = [];
const subgraph = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    received.push({ path: req.url ?? '', body, headers: req.headers });
    res.writeHead(409, { 'content-type': 'application/json' });
    res.end('{"error":"retry later"}');
  });
});
let gateway: Server;
let gatewayUrl = '';

beforeAll(async () => {
  const subgraphUrl = await listen(subgraph);
  const route = forwardWebhooks({ payments: `${subgraphUrl}/graphql` }, createLogger('webhook-forward-test', 'silent'));
  gateway = createServer((req, res) => void route(req, res));
  gatewayUrl = await listen(gateway);
});
afterAll(async () => {
  await new Promise((resolve) => gateway.close(resolve));
  await new Promise((resolve) => subgraph.close(resolve));
});
beforeEach(() => {
  received = [];
});

describe('forwardWebhooks', () => {
  it('forwards the raw body and signature header to the subgraph and returns its answer unchanged', async () => {
    const body = '{"id":"evt_1","type":"charge.dispute.created"}';
    const response = await fetch(`${gatewayUrl}/webhooks/payments/stripe`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': 't=1,v1=ab',
        'x-gateway-credential': 'forged',
      },
      body,
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: 'retry later' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ path: '/webhooks/payments/stripe', body });
    expect(received[0]!.headers['stripe-signature']).toBe('t=1,v1=ab');
    expect(received[0]!.headers['x-gateway-credential']).toBeUndefined();
  });

  it('answers 404 for a subgraph it does not route to', async () => {
    for (const path of ['/webhooks/nosuch/x', '/webhooks/__proto__/x', '/webhooks/']) {
      const response = await fetch(`${gatewayUrl}${path}`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(404);
    }
    expect(received).toEqual([]);
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await fetch(`${gatewayUrl}/webhooks/payments/test`, { method: 'POST', body: 'x'.repeat(300_000) });
    expect(response.status).toBe(413);
    expect(received).toEqual([]);
  });
});
