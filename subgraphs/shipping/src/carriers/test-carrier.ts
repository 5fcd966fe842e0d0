import { createHash } from 'node:crypto';
import { z } from 'zod';
import { headerOf, verifySignature } from './signature';
import { CarrierError, type Carrier, type TrackingUpdate } from './types';

/**
 * The deterministic test carrier: no network, the same answers for the same input. Labels: the tracking number is
 * derived from the idempotency key (a retry gets the same label). A destination postal code "00000" is refused (an
 * address the carrier cannot serve). Tracking progress comes from webhooks the tests (or an operator) sign with
 * `webhookSecret`, in the same format as the HTTP carrier's: header `x-carrier-signature: t=..,v1=..`.
 */
export const TEST_CARRIER = 'test';
export const SIGNATURE_HEADER = 'x-carrier-signature';

const SERVICES: Record<string, { perKg: bigint; base: bigint; days: number }> = {
  ground: { base: 490n, perKg: 50n, days: 4 },
  express: { base: 1490n, perKg: 100n, days: 1 },
};

/** The webhook body both carriers' tests and this carrier use. */
export const trackingWebhookBody = z.object({
  id: z.string().min(1).max(200),
  type: z.literal('tracker.updated'),
  data: z.object({
    tracking_number: z.string().min(1).max(100),
    status: z.enum(['pre_transit', 'accepted', 'in_transit', 'out_for_delivery', 'delivered', 'failure', 'returned']),
    message: z.string().max(1000).default(''),
    location: z.string().max(200).nullable().default(null),
    occurred_at: z.iso.datetime({ offset: true }),
  }),
});

const STATUS: Record<z.infer<typeof trackingWebhookBody>['data']['status'], TrackingUpdate['status']> = {
  pre_transit: 'LABEL_PURCHASED',
  accepted: 'SHIPPED',
  in_transit: 'IN_TRANSIT',
  out_for_delivery: 'IN_TRANSIT',
  delivered: 'DELIVERED',
  failure: 'EXCEPTION',
  returned: 'EXCEPTION',
};

/** Reads a verified `tracker.updated` body; 'malformed' when it is not one (the caller answers 400). */
export function trackingUpdateOf(body: Buffer): TrackingUpdate[] | 'malformed' {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return 'malformed';
  }
  const parsed = trackingWebhookBody.safeParse(json);
  if (!parsed.success) return 'malformed';
  const { id, data } = parsed.data;
  return [
    {
      eventId: id,
      trackingNumber: data.tracking_number,
      status: STATUS[data.status],
      description: data.message,
      location: data.location,
      occurredAt: new Date(data.occurred_at),
    },
  ];
}

export function createTestCarrier(options: { webhookSecret: string }): Carrier {
  const digest = (text: string) => createHash('sha256').update(text).digest('hex');
  return {
    name: TEST_CARRIER,
    rates({ parcel }) {
      const kg = BigInt(Math.ceil(parcel.weightGrams / 1000));
      return Promise.resolve(
        Object.entries(SERVICES).map(([service, price]) => {
          const cents = price.base + price.perKg * kg;
          return {
            service,
            amount: `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`,
            currency: 'EUR',
            estimatedDays: price.days,
          };
        }),
      );
    },
    purchaseLabel({ idempotencyKey, service, to }) {
      if (!SERVICES[service])
        return Promise.reject(new CarrierError(`The test carrier has no service "${service}".`, false));
      if (to.postalCode === '00000')
        return Promise.reject(new CarrierError('The test carrier does not serve postal code 00000.', false));
      const hash = digest(idempotencyKey).toUpperCase();
      return Promise.resolve({
        carrierShipmentId: `tst_${hash.slice(0, 24).toLowerCase()}`,
        trackingNumber: `TST${hash.slice(0, 18)}`,
        labelUrl: `https://labels.test-carrier.invalid/${hash.slice(0, 24).toLowerCase()}.pdf`,
      });
    },
    tracking: () => Promise.resolve([]),
    cancel: () => Promise.resolve(true),
    parseWebhook(headers, body, now) {
      if (!verifySignature(options.webhookSecret, headerOf(headers, SIGNATURE_HEADER), body, now)) return 'unverified';
      return trackingUpdateOf(body);
    },
  };
}
