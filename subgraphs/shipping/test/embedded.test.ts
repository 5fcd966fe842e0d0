import { subjectFor, connectBus } from '@shop/bus';
import { createLogger, newId } from '@shop/core';
import { attachPglite, openPglite } from '@shop/db';
import { eventCatalog } from '@shop/events';
import { createTokenVerifier, startSubgraph, type RunningSubgraph } from '@shop/server';
import { createTestSigner, eventually, GATEWAY_SECRET, gid } from '@shop/testing';
import { sign } from '../src/carriers/signature';
import { SIGNATURE_HEADER } from '../src/carriers/test-carrier';
import { shippingSettingsFromEnv } from '../src/domain/settings';
import { createShippingSubgraph } from '../src/service';

/**
 * The embedded runtime's path: PGlite and the in-process bus, seeded as `pnpm start` seeds it. Proves shipping's SQL
 * (row locks, upserts, the quote join) runs on PGlite, and that the webhook route answers there too.
 */
const SECRET = 'embedded-webhook-secret';
let pg: Awaited<ReturnType<typeof openPglite>>;
let shipping: RunningSubgraph;
let signer: Awaited<ReturnType<typeof createTestSigner>>;
let bus: Awaited<ReturnType<typeof connectBus>>;

beforeAll(async () => {
  const logger = createLogger('shipping-embedded', process.env.TEST_LOG_LEVEL ?? 'silent');
  pg = await openPglite(undefined);
  bus = await connectBus({ logger });
  signer = await createTestSigner();
  const settings = shippingSettingsFromEnv({ SHIPPING_TEST_CARRIER_WEBHOOK_SECRET: SECRET });
  shipping = await startSubgraph(createShippingSubgraph({ settings }), {
    host: '127.0.0.1',
    port: 0,
    gatewaySecret: GATEWAY_SECRET,
    runtime: 'embedded',
    bus,
    logger,
    maskErrors: true,
    seed: true,
    tokens: createTokenVerifier({ jwks: signer.jwks }),
    database: attachPglite(pg, 'shipping'),
  });
}, 120_000);

afterAll(async () => {
  await shipping?.stop();
  await bus?.close();
  await pg?.close();
});

const graphql = async <T>(query: string, variables: Record<string, unknown>) => {
  const token = await signer.mint({ userId: newId(), staff: true, permissions: ['shipping:manage'] });
  const response = await fetch(shipping.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-gateway-credential': GATEWAY_SECRET,
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data: T; errors?: unknown[] };
};

describe('shipping on PGlite with the in-process bus', () => {
  it('seeds the demo zones and quotes them', async () => {
    const quote = await shipping.deps.bus.call('shipping.quote', {
      idempotencyKey: newId(),
      currency: 'EUR',
      destination: { country: 'NL', region: null, postalCode: '1011' },
      weightGrams: 800,
      subtotal: '25.00',
      rateId: null,
    });
    expect(quote.rates.map((r) => `${r.methodName} ${r.price}`)).toEqual([
      'Pickup point 3.90',
      'DHL Paket 4.90',
      'DHL Express 14.90',
    ]);
  });

  it('ships an order and applies a signed webhook', async () => {
    const orderId = newId();
    const variantId = newId();
    const envelope = {
      id: newId(),
      type: 'order.placed' as const,
      source: eventCatalog['order.placed'].source,
      subject: orderId,
      time: new Date().toISOString(),
      version: eventCatalog['order.placed'].version,
      actor: null,
      data: {
        orderId,
        number: 'EMB-1',
        userId: newId(),
        email: 'embedded@example.com',
        discountCodes: [],
        placedAt: new Date().toISOString(),
        currency: 'EUR',
        total: '10.00',
        lines: [
          {
            lineId: newId(),
            variantId,
            productId: newId(),
            sku: 'E',
            quantity: 1,
            unitPrice: '10.00',
            weightGrams: 100,
          },
        ],
        shippingAddress: {
          firstName: 'A',
          lastName: 'B',
          line1: 'Damrak 1',
          line2: null,
          city: 'Amsterdam',
          region: null,
          postalCode: '1012',
          country: 'NL',
          phone: null,
        },
        shippingRateId: null,
        allocations: [],
      },
    };
    await bus.events.publish(subjectFor(bus.naming.eventPrefix, envelope), envelope);
    type Created = { shipmentCreate: { shipments: { trackingNumber: string }[] } };
    const created = await eventually(
      async () => {
        const result = await graphql<Created>(
          `
            mutation ($input: ShipmentCreateInput!) {
              shipmentCreate(input: $input) {
                shipments {
                  trackingNumber
                }
                userErrors {
                  code
                }
              }
            }
          `,
          { input: { orderId: gid('Order', orderId) } },
        );
        return result.data.shipmentCreate.shipments[0];
      },
      { timeoutMs: 30_000, what: 'shipping to learn of the order' },
    );
    const body = JSON.stringify({
      id: 'evt_embedded',
      type: 'tracker.updated',
      data: {
        tracking_number: created.trackingNumber,
        status: 'delivered',
        message: 'Delivered',
        occurred_at: new Date().toISOString(),
      },
    });
    const response = await fetch(shipping.url.replace(/\/graphql$/, '/webhooks/shipping/test'), {
      method: 'POST',
      headers: { [SIGNATURE_HEADER]: sign(SECRET, body, new Date()) },
      body,
    });
    expect(await response.json()).toEqual({ received: 1, outcomes: ['applied'] });
  });
});
