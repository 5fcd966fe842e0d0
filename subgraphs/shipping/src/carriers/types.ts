/**
 * Carriers behind one interface: quote rates, buy a label, read tracking, cancel a label, and read their tracking
 * webhooks. Adapters translate their API into these shapes; nothing outside carriers/ knows an API's wire format.
 */

export interface CarrierAddress {
  name: string | null;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
  phone: string | null;
}

export interface Parcel {
  weightGrams: number;
}

export interface CarrierRate {
  service: string;
  /** Decimal string in `currency`. */
  amount: string;
  currency: string;
  estimatedDays: number | null;
}

export interface Label {
  /** The carrier's own id of the label (what `cancel` names). */
  carrierShipmentId: string;
  trackingNumber: string;
  labelUrl: string;
}

/** The carrier's view of a parcel's progress, mapped to shipping's statuses. */
export type TrackingStatus = 'LABEL_PURCHASED' | 'SHIPPED' | 'IN_TRANSIT' | 'DELIVERED' | 'EXCEPTION';

export interface TrackingUpdate {
  /** The carrier's id of this event: a webhook delivered twice carries it twice. */
  eventId: string;
  trackingNumber: string;
  status: TrackingStatus;
  description: string;
  location: string | null;
  occurredAt: Date;
}

/** A carrier refused (bad address, unknown service) or could not be reached; `retryable` tells which. */
export class CarrierError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'CarrierError';
  }
}

export interface Carrier {
  /** Stored on shipments and in the webhook path (`/webhooks/shipping/<name>`). */
  readonly name: string;
  rates(request: { from: CarrierAddress; to: CarrierAddress; parcel: Parcel }): Promise<CarrierRate[]>;
  /** Buys a label; the same `idempotencyKey` answers the same label (a retry never buys a second one). */
  purchaseLabel(request: {
    idempotencyKey: string;
    service: string;
    from: CarrierAddress;
    to: CarrierAddress;
    parcel: Parcel;
  }): Promise<Label>;
  tracking(trackingNumber: string): Promise<TrackingUpdate[]>;
  /** Voids a label not yet handed over; false when the carrier already has the parcel. */
  cancel(carrierShipmentId: string): Promise<boolean>;
  /**
   * The tracking updates of a webhook delivery; 'unverified' when its signature does not verify (wrong secret,
   * tampered body, or a timestamp outside the tolerance window: a replay of an old delivery); 'malformed' when a
   * verified body is not what the carrier documents.
   */
  parseWebhook(
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    now: Date,
  ): TrackingUpdate[] | 'unverified' | 'malformed';
}
