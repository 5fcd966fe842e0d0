import { z } from 'zod';
import { headerOf, verifySignature } from './signature';
import { SIGNATURE_HEADER, trackingUpdateOf } from './test-carrier';
import { CarrierError, type Carrier, type CarrierAddress, type TrackingUpdate } from './types';

/**
 * "ParcelHub": an adapter for a REST carrier API shaped like the common multi-carrier ones (EasyPost, Shippo):
 * bearer API key, JSON, `Idempotency-Key` on label purchases, amounts as decimal strings, webhooks signed with
 * HMAC-SHA256 over `${timestamp}.${body}` (`x-carrier-signature: t=..,v1=..`) and a tolerance window.
 *
 *   POST {baseUrl}/v1/rates                 { from, to, parcel }            → { rates: [{ service, amount, currency, estimated_days }] }
 *   POST {baseUrl}/v1/labels                { service, from, to, parcel }   → { id, tracking_number, label_url }
 *   GET  {baseUrl}/v1/trackers/{number}                                     → { events: [{ id, status, message, location, occurred_at }] }
 *   POST {baseUrl}/v1/labels/{id}/cancel                                    → 200 { status: "cancelled" } | 409 (already handed over)
 *
 * 5xx, 429 and network failures or timeouts are retryable CarrierErrors; other 4xx are refusals.
 */
export const PARCELHUB = 'parcelhub';

export interface ParcelHubOptions {
  baseUrl: string;
  apiKey: string;
  webhookSecret: string;
  /** Per request (default 10 s). */
  timeoutMs?: number;
}

const rateAnswer = z.object({
  rates: z.array(
    z.object({
      service: z.string(),
      amount: z.string().regex(/^\d+(\.\d+)?$/),
      currency: z.string().regex(/^[A-Z]{3}$/),
      estimated_days: z.number().int().nullable().optional(),
    }),
  ),
});
const labelAnswer = z.object({ id: z.string().min(1), tracking_number: z.string().min(1), label_url: z.string() });
const trackerAnswer = z.object({
  events: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      message: z.string().default(''),
      location: z.string().nullable().default(null),
      occurred_at: z.string(),
    }),
  ),
});

const wireAddress = (a: CarrierAddress) => ({
  name: a.name,
  street1: a.line1,
  street2: a.line2,
  city: a.city,
  state: a.region,
  zip: a.postalCode,
  country: a.country,
  phone: a.phone,
});

export function createParcelHubCarrier(options: ParcelHubOptions): Carrier {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; value: z.output<S> | null }> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // Never the request itself in the message: it carries the API key's header.
      throw new CarrierError(`ParcelHub did not answer ${method} ${path}: ${(error as Error).name}`, true);
    }
    const text = await response.text().catch(() => '');
    if (response.status >= 500 || response.status === 429)
      throw new CarrierError(`ParcelHub answered ${response.status} to ${method} ${path}`, true);
    if (!response.ok) return { status: response.status, value: null };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CarrierError(`ParcelHub answered ${method} ${path} with something that is not JSON`, true);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new CarrierError(`ParcelHub answered ${method} ${path} in an unknown shape`, true);
    return { status: response.status, value: parsed.data };
  }

  const refused = (what: string, status: number) => new CarrierError(`ParcelHub refused ${what} (${status})`, false);

  return {
    name: PARCELHUB,
    async rates({ from, to, parcel }) {
      const { status, value } = await call('POST', '/v1/rates', rateAnswer, {
        from: wireAddress(from),
        to: wireAddress(to),
        parcel: { weight_grams: parcel.weightGrams },
      });
      if (!value) throw refused('the rate request', status);
      return value.rates.map((r) => ({
        service: r.service,
        amount: r.amount,
        currency: r.currency,
        estimatedDays: r.estimated_days ?? null,
      }));
    },
    async purchaseLabel({ idempotencyKey, service, from, to, parcel }) {
      const { status, value } = await call(
        'POST',
        '/v1/labels',
        labelAnswer,
        { service, from: wireAddress(from), to: wireAddress(to), parcel: { weight_grams: parcel.weightGrams } },
        { 'idempotency-key': idempotencyKey },
      );
      if (!value) throw refused('the label', status);
      return { carrierShipmentId: value.id, trackingNumber: value.tracking_number, labelUrl: value.label_url };
    },
    async tracking(trackingNumber) {
      const { status, value } = await call('GET', `/v1/trackers/${encodeURIComponent(trackingNumber)}`, trackerAnswer);
      if (!value) {
        if (status === 404) return [];
        throw refused('the tracking request', status);
      }
      const updates: TrackingUpdate[] = [];
      for (const event of value.events) {
        const body = Buffer.from(
          JSON.stringify({
            id: event.id,
            type: 'tracker.updated',
            data: { ...event, tracking_number: trackingNumber },
          }),
        );
        const parsed = trackingUpdateOf(body);
        if (parsed !== 'malformed') updates.push(...parsed);
      }
      return updates;
    },
    async cancel(carrierShipmentId) {
      const { status, value } = await call(
        'POST',
        `/v1/labels/${encodeURIComponent(carrierShipmentId)}/cancel`,
        z.object({ status: z.string() }),
        {},
      );
      if (value) return true;
      if (status === 409) return false;
      throw refused('the cancellation', status);
    },
    parseWebhook(headers, body, now) {
      if (!verifySignature(options.webhookSecret, headerOf(headers, SIGNATURE_HEADER), body, now)) return 'unverified';
      return trackingUpdateOf(body);
    },
  };
}
