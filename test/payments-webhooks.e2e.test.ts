import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import { staff, startTestSupergraph, type TestSupergraph } from '@shop/testing';
import { signWebhook } from '../subgraphs/payments/src/providers/webhook-signature';

/**
 * Payments behind the gateway (embedded runtime, subgraphs on loopback ports): provider webhooks are reachable at
 * the gateway's POST /webhooks/payments/<provider>, which forwards them to the subgraph that checks the signature.
 */
const SECRET = 'whsec_e2e';
process.env.PAYMENTS_TEST_WEBHOOK_SECRET = SECRET;

let sg: TestSupergraph<RunningSupergraph>;
beforeAll(async () => {
  sg = await startTestSupergraph(startSupergraph, { label: 'paywebhooks', only: ['payments'] });
}, 120_000);
afterAll(async () => {
  await sg?.stop();
});

const webhookUrl = () => new URL('/webhooks/payments/test', sg.url).toString();

const post = (body: string, signature: string) =>
  fetch(webhookUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'payments-signature': signature },
    body,
  });

describe('payments webhooks through the gateway', () => {
  it('accepts a signed event, refuses a forged one, and asks for a retry of one about an unknown payment', async () => {
    const ping = JSON.stringify({ id: 'evt_e2e_1', type: 'balance.available', data: { object: {} } });
    const ok = await post(ping, signWebhook(SECRET, ping));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ received: true, duplicate: false });
    const replay = await post(ping, signWebhook(SECRET, ping));
    expect(await replay.json()).toEqual({ received: true, duplicate: true });
    expect((await post(ping, signWebhook('forged', ping))).status).toBe(400);
    const dispute = JSON.stringify({
      id: 'evt_e2e_2',
      type: 'charge.dispute.created',
      data: { object: { id: 'dp_1', payment_intent: 'tp_dispute_nowhere', amount: 100, currency: 'eur' } },
    });
    expect((await post(dispute, signWebhook(SECRET, dispute))).status).toBe(409);
    expect((await fetch(new URL('/webhooks/payments/nosuch', sg.url), { method: 'POST', body: '{}' })).status).toBe(
      404,
    );
  });

  it('serves the staff payments API through the gateway', async () => {
    const data = await sg.data<{ payments: { totalCount: number } }>(
      `{ payments(first: 1) { totalCount } }`,
      {},
      staff(['payments:manage']),
    );
    expect(data.payments.totalCount).toBe(0);
  });
});
