import { randomBytes } from 'node:crypto';
import { createParcelHubCarrier, PARCELHUB } from '../carriers/parcelhub';
import { createTestCarrier, TEST_CARRIER } from '../carriers/test-carrier';
import type { Carrier, CarrierAddress } from '../carriers/types';

/**
 * Shipping's configuration, from the environment:
 * - `SHIPPING_CARRIER`: the carrier `shipmentCreate` buys labels from: `test` (default, the deterministic test carrier)
 *   or `parcelhub` (needs `PARCELHUB_API_URL`, `PARCELHUB_API_KEY`, `PARCELHUB_WEBHOOK_SECRET`).
 * - `SHIPPING_TEST_CARRIER_WEBHOOK_SECRET`: the test carrier's webhook secret. Unset, a random one is drawn at start,
 *   so nobody can sign its webhooks (no secret is ever a known default).
 * - `SHIPPING_ORIGIN_*` (`NAME`, `LINE1`, `CITY`, `POSTAL_CODE`, `COUNTRY`): where parcels ship from.
 * - `SHIPPING_TRACKING_POLL_SECONDS`: how often to ask carriers for tracking that no webhook brought (default 900;
 *   0 turns the poll off).
 */
export interface ShippingSettings {
  carriers: ReadonlyMap<string, Carrier>;
  defaultCarrier: string;
  origin: CarrierAddress;
  /** 0: no tracking poll. */
  trackingPollMs: number;
}

export function shippingSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ShippingSettings {
  const carriers = new Map<string, Carrier>();
  carriers.set(
    TEST_CARRIER,
    createTestCarrier({
      webhookSecret: env.SHIPPING_TEST_CARRIER_WEBHOOK_SECRET || randomBytes(32).toString('hex'),
    }),
  );
  if (env.PARCELHUB_API_URL && env.PARCELHUB_API_KEY && env.PARCELHUB_WEBHOOK_SECRET)
    carriers.set(
      PARCELHUB,
      createParcelHubCarrier({
        baseUrl: env.PARCELHUB_API_URL,
        apiKey: env.PARCELHUB_API_KEY,
        webhookSecret: env.PARCELHUB_WEBHOOK_SECRET,
      }),
    );
  const defaultCarrier = env.SHIPPING_CARRIER || TEST_CARRIER;
  if (!carriers.has(defaultCarrier))
    throw new Error(`SHIPPING_CARRIER=${defaultCarrier} is not configured (known: ${[...carriers.keys()].join(', ')})`);
  return {
    carriers,
    defaultCarrier,
    origin: {
      name: env.SHIPPING_ORIGIN_NAME || 'Shop warehouse',
      line1: env.SHIPPING_ORIGIN_LINE1 || 'Lagerstraße 1',
      line2: null,
      city: env.SHIPPING_ORIGIN_CITY || 'Berlin',
      region: null,
      postalCode: env.SHIPPING_ORIGIN_POSTAL_CODE || '10115',
      country: env.SHIPPING_ORIGIN_COUNTRY || 'DE',
      phone: null,
    },
    trackingPollMs: pollSeconds(env.SHIPPING_TRACKING_POLL_SECONDS) * 1000,
  };
}

function pollSeconds(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 900;
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new Error(`SHIPPING_TRACKING_POLL_SECONDS=${raw} is not a whole number of seconds`);
  return seconds;
}
