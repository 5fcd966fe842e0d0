import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { newId } from '@shop/core';
import { gid, rawId, USER_ERRORS, type UserErrorBody } from '@shop/testing';
import { sign } from '../src/carriers/signature';
import { SIGNATURE_HEADER } from '../src/carriers/test-carrier';
import { shipments } from '../src/db/schema';
import { pollTracking } from '../src/domain/poll-tracking';
import { shippingSettingsFromEnv } from '../src/domain/settings';
import { MANAGER, startShippingHarness, type ShippingHarness } from './fixtures';

/**
 * Shipments with the ParcelHub adapter as the shop's carrier, against a fake ParcelHub on node:http: labels bought
 * with the shipment id as idempotency key, a half-failed purchase voided, its webhooks verified with its own secret.
 */
const PH_SECRET = 'parcelhub-webhook-secret';
interface Call {
  method: string;
  url: string;
  idempotencyKey: string | undefined;
}
const calls: Call[] = [];
let failLabelsAfter = Infinity;
/** What the fake's GET /v1/trackers/<number> answers, by tracking number (404 otherwise). */
const trackers = new Map<
  string,
  { id: string; status: string; message: string; location: string | null; occurred_at: string }[]
>();
let labelsSold = 0;
let server: Server;
let h: ShippingHarness;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls.push({ method: req.method!, url: req.url!, idempotencyKey: req.headers['idempotency-key'] as string });
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/v1/labels') {
        if (labelsSold >= failLabelsAfter) return reply(503, { error: 'down' });
        labelsSold++;
        return reply(201, {
          id: `lbl_${labelsSold}`,
          tracking_number: `PH${1000 + labelsSold}`,
          label_url: 'https://ph/l.pdf',
        });
      }
      if (req.url?.endsWith('/cancel')) return reply(200, { status: 'cancelled' });
      const tracked = /^\/v1\/trackers\/(.+)$/.exec(req.url ?? '');
      const events = tracked ? trackers.get(decodeURIComponent(tracked[1]!)) : undefined;
      if (events) return reply(200, { events });
      return reply(404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  h = await startShippingHarness('parcelhub', {
    settings: shippingSettingsFromEnv({
      SHIPPING_CARRIER: 'parcelhub',
      PARCELHUB_API_URL: `http://127.0.0.1:${port}`,
      PARCELHUB_API_KEY: 'ph-key',
      PARCELHUB_WEBHOOK_SECRET: PH_SECRET,
    }),
  });
});
afterAll(async () => {
  await h?.stop();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** An order of one variant split over two warehouses: two parcels. */
async function placeOrder(): Promise<string> {
  const orderId = newId();
  const variantId = newId();
  await h.deliver('order.placed', orderId, {
    orderId,
    number: 'PH-1',
    userId: newId(),
    email: 'ph@example.com',
    discountCodes: [],
    placedAt: new Date().toISOString(),
    currency: 'EUR',
    total: '30.00',
    lines: [
      { lineId: newId(), variantId, productId: newId(), sku: 'PH', quantity: 3, unitPrice: '10.00', weightGrams: 250 },
    ],
    shippingAddress: {
      firstName: 'Grace',
      lastName: 'Hopper',
      line1: '1 Main St',
      line2: null,
      city: 'Arlington',
      region: 'VA',
      postalCode: '22201',
      country: 'US',
      phone: null,
    },
    shippingRateId: null,
    allocations: [
      { variantId, warehouseId: newId(), quantity: 2 },
      { variantId, warehouseId: newId(), quantity: 1 },
    ],
  });
  return orderId;
}

const CREATE = `mutation ($input: ShipmentCreateInput!) { shipmentCreate(input: $input) { shipments { id carrier trackingNumber status } ${USER_ERRORS} } }`;
type Created = {
  shipmentCreate: {
    shipments: { id: string; carrier: string; trackingNumber: string; status: string }[];
    userErrors: UserErrorBody[];
  };
};

describe('shipments with ParcelHub', () => {
  it('voids the first label and keeps nothing when the second purchase fails', async () => {
    const orderId = await placeOrder();
    failLabelsAfter = labelsSold + 1;
    const result = await h.data<Created>(CREATE, { input: { orderId: gid('Order', orderId) } }, MANAGER);
    expect(result.shipmentCreate.shipments).toEqual([]);
    expect(result.shipmentCreate.userErrors.map((e) => e.code)).toEqual(['LABEL_FAILED']);
    expect(calls.filter((c) => c.url === `/v1/labels/lbl_${labelsSold}/cancel`)).toHaveLength(1);
    expect(await h.database.db.select().from(shipments).where(eq(shipments.orderId, orderId))).toEqual([]);
    failLabelsAfter = Infinity;
  });

  it('buys one label per parcel keyed by the shipment id, and applies ParcelHub-signed webhooks only', async () => {
    const orderId = await placeOrder();
    const result = await h.data<Created>(CREATE, { input: { orderId: gid('Order', orderId) } }, MANAGER);
    expect(result.shipmentCreate.userErrors).toEqual([]);
    const parcels = result.shipmentCreate.shipments;
    expect(parcels.map((p) => [p.carrier, p.status])).toEqual([
      ['parcelhub', 'LABEL_PURCHASED'],
      ['parcelhub', 'LABEL_PURCHASED'],
    ]);
    const keys = calls
      .filter((c) => c.url === '/v1/labels')
      .slice(-2)
      .map((c) => c.idempotencyKey);
    expect(keys).toEqual(parcels.map((p) => rawId(p.id)));

    const body = JSON.stringify({
      id: 'ph_evt_1',
      type: 'tracker.updated',
      data: {
        tracking_number: parcels[0]!.trackingNumber,
        status: 'delivered',
        message: 'Delivered',
        occurred_at: new Date().toISOString(),
      },
    });
    const post = (secret: string) =>
      fetch(h.url.replace(/\/graphql$/, '/webhooks/shipping/parcelhub'), {
        method: 'POST',
        headers: { [SIGNATURE_HEADER]: sign(secret, body, new Date()) },
        body,
      });
    // Signed with anything but ParcelHub's own secret: refused.
    expect((await post('wrong')).status).toBe(401);
    expect((await post(PH_SECRET)).status).toBe(200);
    const delivered = (await h.outboxEvents('shipment.delivered')).filter((e) => e.subject === rawId(parcels[0]!.id));
    expect(delivered.map((e) => [e.data.carrier, e.data.orderFullyDelivered])).toEqual([['parcelhub', false]]);
  });

  it('polls tracking no webhook brought, applying it once like a webhook', async () => {
    const orderId = await placeOrder();
    const [parcel] = (await h.data<Created>(CREATE, { input: { orderId: gid('Order', orderId) } }, MANAGER))
      .shipmentCreate.shipments;
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    trackers.set(parcel!.trackingNumber, [
      {
        id: `${parcel!.trackingNumber}-1`,
        status: 'accepted',
        message: 'Picked up',
        location: 'Dulles',
        occurred_at: at(30),
      },
      {
        id: `${parcel!.trackingNumber}-2`,
        status: 'in_transit',
        message: 'Departed',
        location: 'Dulles',
        occurred_at: at(10),
      },
    ]);
    const first = await pollTracking(h.deps, 500);
    expect(first.outcomes.applied).toBe(2);
    const [row] = await h.database.db
      .select()
      .from(shipments)
      .where(eq(shipments.id, rawId(parcel!.id)));
    expect(row).toMatchObject({ status: 'IN_TRANSIT' });
    expect(row!.polledAt).toBeInstanceOf(Date);
    const shippedEvents = async () =>
      (await h.outboxEvents('shipment.shipped')).filter((e) => e.subject === rawId(parcel!.id));
    expect((await shippedEvents()).map((e) => e.data.status)).toEqual(['SHIPPED']);
    const second = await pollTracking(h.deps, 500);
    expect(second.outcomes).toMatchObject({ applied: 0, duplicate: 2 });
    expect(await shippedEvents()).toHaveLength(1);
  });
});
