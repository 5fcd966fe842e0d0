import { subjectFor } from '@shop/bus';
import { newId } from '@shop/core';
import { eventCatalog, type EventData } from '@shop/events';
import { startSupergraph, type RunningSupergraph } from '@shop/runtime';
import {
  ANONYMOUS,
  asUser,
  customer,
  eventually,
  gid,
  staff,
  startTestSupergraph,
  USER_ERRORS,
  type TestSupergraph,
  type UserErrorBody,
} from '@shop/testing';
import { sign } from '../subgraphs/shipping/src/carriers/signature';

/**
 * Shipping behind the gateway in the supergraph runtime: staff configure a zone, an order placed on the bus ships,
 * the carrier's signed webhook reaches the shipping subgraph's own port, and through the gateway only the order's
 * customer and staff see the shipment while anybody with number and email can track it.
 */
const WEBHOOK_SECRET = 'e2e-shipping-webhook-secret';
let sg: TestSupergraph<RunningSupergraph>;
beforeAll(async () => {
  process.env.SHIPPING_TEST_CARRIER_WEBHOOK_SECRET = WEBHOOK_SECRET;
  sg = await startTestSupergraph(startSupergraph, { label: 'shipping', only: ['shipping'] });
}, 120_000);
afterAll(async () => {
  await sg?.stop();
  delete process.env.SHIPPING_TEST_CARRIER_WEBHOOK_SECRET;
});

const MANAGER = staff(['shipping:manage']);

async function publish<T extends 'order.placed'>(type: T, subject: string, data: EventData<T>): Promise<void> {
  const bus = sg.supergraph.bus;
  const envelope = {
    id: newId(),
    type,
    source: eventCatalog[type].source,
    subject,
    time: new Date().toISOString(),
    version: eventCatalog[type].version,
    actor: null,
    data,
  };
  await bus.events.publish(subjectFor(bus.naming.eventPrefix, envelope), envelope);
}

describe('shipping through the gateway', () => {
  it('configures a zone and quotes nothing for customers, then ships, tracks and hides an order', async () => {
    const zone = await sg.data<{
      shippingZoneCreate: { shippingZone: { id: string } | null; userErrors: UserErrorBody[] };
    }>(
      `mutation ($input: ShippingZoneCreateInput!) { shippingZoneCreate(input: $input) { shippingZone { id } ${USER_ERRORS} } }`,
      { input: { name: 'France', countries: ['FR'] } },
      MANAGER,
    );
    expect(zone.shippingZoneCreate.userErrors).toEqual([]);
    const refused = await sg.request(`{ shippingZones(first: 5) { totalCount } }`, {}, customer());
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const orderId = newId();
    const userId = newId();
    const variantId = newId();
    await publish('order.placed', orderId, {
      orderId,
      number: 'E2E-1',
      userId,
      email: 'e2e-buyer@example.com',
      discountCodes: [],
      placedAt: new Date().toISOString(),
      currency: 'EUR',
      total: '20.00',
      lines: [
        {
          lineId: newId(),
          variantId,
          productId: newId(),
          sku: 'E2E',
          quantity: 2,
          unitPrice: '10.00',
          weightGrams: 300,
        },
      ],
      shippingAddress: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        line1: '1 Rue de Rivoli',
        line2: null,
        city: 'Paris',
        region: null,
        postalCode: '75001',
        country: 'FR',
        phone: null,
      },
      shippingRateId: null,
      allocations: [{ variantId, warehouseId: newId(), quantity: 2 }],
    });

    const CREATE = `mutation ($input: ShipmentCreateInput!) { shipmentCreate(input: $input) { shipments { id trackingNumber status } ${USER_ERRORS} } }`;
    type Created = {
      shipmentCreate: {
        shipments: { id: string; trackingNumber: string; status: string }[];
        userErrors: UserErrorBody[];
      };
    };
    // The consumer applies order.placed asynchronously: until then the order is NOT_FOUND.
    const created = await eventually(
      async () => {
        const result = await sg.data<Created>(CREATE, { input: { orderId: gid('Order', orderId) } }, MANAGER);
        return result.shipmentCreate.shipments.length > 0 ? result.shipmentCreate : undefined;
      },
      { timeoutMs: 30_000, what: 'shipping to learn of the order' },
    );
    const [shipment] = created.shipments;
    expect(shipment).toMatchObject({ status: 'LABEL_PURCHASED', trackingNumber: expect.stringMatching(/^TST/) });

    const body = JSON.stringify({
      id: `evt_${newId()}`,
      type: 'tracker.updated',
      data: {
        tracking_number: shipment!.trackingNumber,
        status: 'in_transit',
        message: 'On its way',
        location: 'Paris',
        occurred_at: new Date().toISOString(),
      },
    });
    const shippingUrl = sg.supergraph.subgraph('shipping').url;
    const delivered = await fetch(shippingUrl.replace(/\/graphql$/, '/webhooks/shipping/test'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-carrier-signature': sign(WEBHOOK_SECRET, body, new Date()) },
      body,
    });
    expect(delivered.status).toBe(200);

    const ORDER = `query ($id: ID!) { node(id: $id) { ... on Order { shipments { status trackingNumber events { description } } } } }`;
    const seen = async (caller: Parameters<typeof sg.data>[2]) =>
      (
        await sg.data<{ node: { shipments: { status: string }[] } | null }>(
          ORDER,
          { id: gid('Order', orderId) },
          caller,
        )
      ).node?.shipments ?? [];
    expect(await seen(asUser(userId))).toEqual([
      { status: 'IN_TRANSIT', trackingNumber: shipment!.trackingNumber, events: [{ description: 'On its way' }] },
    ]);
    expect(await seen(MANAGER)).toHaveLength(1);
    expect(await seen(customer())).toEqual([]);
    expect(await seen(ANONYMOUS)).toEqual([]);

    const TRACK = `query ($n: String!, $e: String!) { shipmentTracking(trackingNumber: $n, email: $e) { status carrier } }`;
    expect(await sg.data(TRACK, { n: shipment!.trackingNumber, e: 'E2E-Buyer@example.com' }, ANONYMOUS)).toEqual({
      shipmentTracking: { status: 'IN_TRANSIT', carrier: 'test' },
    });
    expect(await sg.data(TRACK, { n: shipment!.trackingNumber, e: 'other@example.com' }, ANONYMOUS)).toEqual({
      shipmentTracking: null,
    });
  });
});
