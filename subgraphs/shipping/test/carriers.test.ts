import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createParcelHubCarrier } from '../src/carriers/parcelhub';
import { sign, verifySignature } from '../src/carriers/signature';
import { createTestCarrier, SIGNATURE_HEADER } from '../src/carriers/test-carrier';
import { CarrierError, type Carrier, type CarrierAddress } from '../src/carriers/types';

/** The carriers behind their one interface: the deterministic test carrier, and ParcelHub against a fake HTTP API. */

const FROM: CarrierAddress = {
  name: 'Shop',
  line1: 'Lagerstraße 1',
  line2: null,
  city: 'Berlin',
  region: null,
  postalCode: '10115',
  country: 'DE',
  phone: null,
};
const TO: CarrierAddress = { ...FROM, name: 'Ada Lovelace', city: 'Paris', postalCode: '75001', country: 'FR' };

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A fake ParcelHub: records every request and answers from `reply`. */
async function fakeParcelHub(
  reply: (seen: Seen) => { status: number; body?: unknown; delayMs?: number },
): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request = {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: text ? (JSON.parse(text) as unknown) : null,
      };
      seen.push(request);
      const answer = reply(request);
      setTimeout(() => {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('webhook signatures', () => {
  const body = Buffer.from('{"id":"evt_1"}');
  const now = new Date('2026-11-26T12:00:00Z');

  it('verifies a signature made with the secret over the timestamp and the exact body', () => {
    expect(verifySignature('s3cret', sign('s3cret', body, now), body, now)).toBe(true);
  });

  it('refuses another secret, a changed body, a missing or malformed header, and a timestamp outside 5 minutes', () => {
    expect(verifySignature('other', sign('s3cret', body, now), body, now)).toBe(false);
    expect(verifySignature('s3cret', sign('s3cret', body, now), Buffer.from('{"id":"evt_2"}'), now)).toBe(false);
    expect(verifySignature('s3cret', undefined, body, now)).toBe(false);
    expect(verifySignature('s3cret', 't=abc,v1=zz', body, now)).toBe(false);
    expect(verifySignature('', sign('', body, now), body, now)).toBe(false);
    const old = new Date(now.getTime() - 301_000);
    expect(verifySignature('s3cret', sign('s3cret', body, old), body, now)).toBe(false);
    const soon = new Date(now.getTime() + 299_000);
    expect(verifySignature('s3cret', sign('s3cret', body, soon), body, now)).toBe(true);
  });

  it('accepts any of several v1 values (secret rotation)', () => {
    const [t, v1] = sign('new', body, now).split(',');
    const oldV1 = sign('old', body, now).split(',')[1];
    expect(verifySignature('new', `${t},${oldV1},${v1}`, body, now)).toBe(true);
  });
});

describe('the test carrier', () => {
  const carrier: Carrier = createTestCarrier({ webhookSecret: 'wh' });

  it('answers the same label for the same idempotency key and another for another', async () => {
    const request = { idempotencyKey: 'k1', service: 'ground', from: FROM, to: TO, parcel: { weightGrams: 500 } };
    const first = await carrier.purchaseLabel(request);
    expect(await carrier.purchaseLabel(request)).toEqual(first);
    expect(first.trackingNumber).toMatch(/^TST[0-9A-F]{18}$/);
    expect((await carrier.purchaseLabel({ ...request, idempotencyKey: 'k2' })).trackingNumber).not.toBe(
      first.trackingNumber,
    );
  });

  it('refuses an unknown service and the postal code 00000, as a non-retryable CarrierError', async () => {
    const request = { idempotencyKey: 'k', service: 'ground', from: FROM, to: TO, parcel: { weightGrams: 1 } };
    await expect(carrier.purchaseLabel({ ...request, service: 'teleport' })).rejects.toMatchObject({
      retryable: false,
    });
    await expect(carrier.purchaseLabel({ ...request, to: { ...TO, postalCode: '00000' } })).rejects.toBeInstanceOf(
      CarrierError,
    );
  });

  it('quotes its services by weight', async () => {
    expect(await carrier.rates({ from: FROM, to: TO, parcel: { weightGrams: 2500 } })).toEqual([
      { service: 'ground', amount: '6.40', currency: 'EUR', estimatedDays: 4 },
      { service: 'express', amount: '17.90', currency: 'EUR', estimatedDays: 1 },
    ]);
  });

  it('reads a signed webhook, and refuses an unsigned or malformed one', () => {
    const now = new Date();
    const body = Buffer.from(
      JSON.stringify({
        id: 'evt_9',
        type: 'tracker.updated',
        data: { tracking_number: 'TST1', status: 'delivered', message: 'Delivered', occurred_at: now.toISOString() },
      }),
    );
    expect(carrier.parseWebhook({ [SIGNATURE_HEADER]: sign('wh', body, now) }, body, now)).toEqual([
      {
        eventId: 'evt_9',
        trackingNumber: 'TST1',
        status: 'DELIVERED',
        description: 'Delivered',
        location: null,
        occurredAt: new Date(now.toISOString()),
      },
    ]);
    expect(carrier.parseWebhook({}, body, now)).toBe('unverified');
    const junk = Buffer.from('{"id":"x"}');
    expect(carrier.parseWebhook({ [SIGNATURE_HEADER]: sign('wh', junk, now) }, junk, now)).toBe('malformed');
  });
});

describe('the ParcelHub adapter against a fake HTTP API', () => {
  it('buys a label with the API key and the idempotency key, sending the addresses in its wire format', async () => {
    const api = await fakeParcelHub(() => ({
      status: 201,
      body: { id: 'lbl_1', tracking_number: '1Z999', label_url: 'https://labels.example/lbl_1.pdf' },
    }));
    try {
      const carrier = createParcelHubCarrier({ baseUrl: `${api.url}/`, apiKey: 'key_live_1', webhookSecret: 'wh' });
      const label = await carrier.purchaseLabel({
        idempotencyKey: 'shipment-1',
        service: 'express',
        from: FROM,
        to: TO,
        parcel: { weightGrams: 1200 },
      });
      expect(label).toEqual({
        carrierShipmentId: 'lbl_1',
        trackingNumber: '1Z999',
        labelUrl: 'https://labels.example/lbl_1.pdf',
      });
      expect(api.seen).toHaveLength(1);
      const [request] = api.seen;
      expect(request).toMatchObject({
        method: 'POST',
        url: '/v1/labels',
        headers: { authorization: 'Bearer key_live_1', 'idempotency-key': 'shipment-1' },
        body: {
          service: 'express',
          parcel: { weight_grams: 1200 },
          to: { name: 'Ada Lovelace', street1: 'Lagerstraße 1', city: 'Paris', zip: '75001', country: 'FR' },
        },
      });
    } finally {
      await api.close();
    }
  });

  it('quotes rates, reads tracking and cancels through the documented endpoints', async () => {
    const api = await fakeParcelHub(({ method, url }) => {
      if (method === 'POST' && url === '/v1/rates')
        return {
          status: 200,
          body: { rates: [{ service: 'ground', amount: '7.20', currency: 'EUR', estimated_days: 3 }] },
        };
      if (method === 'GET' && url === '/v1/trackers/1Z%20999')
        return {
          status: 200,
          body: {
            events: [
              {
                id: 'e1',
                status: 'accepted',
                message: 'Picked up',
                location: 'Berlin',
                occurred_at: '2026-11-26T08:00:00Z',
              },
              { id: 'e2', status: 'teleported', message: '?', location: null, occurred_at: '2026-11-26T09:00:00Z' },
            ],
          },
        };
      if (method === 'POST' && url === '/v1/labels/lbl_1/cancel') return { status: 200, body: { status: 'cancelled' } };
      if (method === 'POST' && url === '/v1/labels/lbl_2/cancel') return { status: 409, body: { error: 'in transit' } };
      return { status: 404, body: { error: 'not found' } };
    });
    try {
      const carrier = createParcelHubCarrier({ baseUrl: api.url, apiKey: 'k', webhookSecret: 'wh' });
      expect(await carrier.rates({ from: FROM, to: TO, parcel: { weightGrams: 1 } })).toEqual([
        { service: 'ground', amount: '7.20', currency: 'EUR', estimatedDays: 3 },
      ]);
      // An event status the adapter does not know is left out rather than guessed.
      expect(await carrier.tracking('1Z 999')).toEqual([
        {
          eventId: 'e1',
          trackingNumber: '1Z 999',
          status: 'SHIPPED',
          description: 'Picked up',
          location: 'Berlin',
          occurredAt: new Date('2026-11-26T08:00:00Z'),
        },
      ]);
      expect(await carrier.tracking('unknown')).toEqual([]);
      expect(await carrier.cancel('lbl_1')).toBe(true);
      expect(await carrier.cancel('lbl_2')).toBe(false);
    } finally {
      await api.close();
    }
  });

  it('turns 5xx, 429, timeouts, refused connections and unknown shapes into retryable errors, 4xx into refusals', async () => {
    let answer: { status: number; body?: unknown; delayMs?: number } = { status: 503 };
    const api = await fakeParcelHub(() => answer);
    const carrier = createParcelHubCarrier({
      baseUrl: api.url,
      apiKey: 'secret-key',
      webhookSecret: 'wh',
      timeoutMs: 300,
    });
    const buy = () =>
      carrier.purchaseLabel({ idempotencyKey: 'k', service: 'ground', from: FROM, to: TO, parcel: { weightGrams: 1 } });
    try {
      await expect(buy()).rejects.toMatchObject({ name: 'CarrierError', retryable: true });
      answer = { status: 429 };
      await expect(buy()).rejects.toMatchObject({ retryable: true });
      answer = { status: 201, body: { unexpected: true } };
      await expect(buy()).rejects.toMatchObject({ retryable: true });
      answer = { status: 201, body: { id: 'x', tracking_number: 'y', label_url: 'z' }, delayMs: 2_000 };
      await expect(buy()).rejects.toMatchObject({ retryable: true });
      answer = { status: 422, body: { error: 'address invalid' } };
      const refusal = await buy().then(
        () => null,
        (error: unknown) => error as CarrierError,
      );
      expect(refusal).toMatchObject({ retryable: false });
      // Errors never carry the API key.
      expect(refusal?.message).not.toContain('secret-key');
    } finally {
      await api.close();
    }
    await expect(buy()).rejects.toMatchObject({ retryable: true });
  });

  it('verifies its webhooks with its own secret', () => {
    const carrier = createParcelHubCarrier({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', webhookSecret: 'ph-secret' });
    const now = new Date();
    const body = Buffer.from(
      JSON.stringify({
        id: 'evt_1',
        type: 'tracker.updated',
        data: { tracking_number: '1Z1', status: 'in_transit', message: 'On its way', occurred_at: now.toISOString() },
      }),
    );
    expect(carrier.parseWebhook({ [SIGNATURE_HEADER]: sign('ph-secret', body, now) }, body, now)).toMatchObject([
      { eventId: 'evt_1', status: 'IN_TRANSIT' },
    ]);
    expect(carrier.parseWebhook({ [SIGNATURE_HEADER]: sign('wh', body, now) }, body, now)).toBe('unverified');
  });
});
