import { eventsOfShipments, shipmentForTracking } from '../db/shipments.store';
import type { ShipmentRow, TrackingEventRow } from '../db/schema';
import type { ShippingDeps } from './deps';

export interface PublicTracking {
  carrier: string;
  status: ShipmentRow['status'];
  events: TrackingEventRow[];
}

/**
 * shipmentTracking: a shipment's progress for whoever knows its tracking number AND the order's email. An unknown
 * number and a wrong email give the same null after the same single lookup, so the answer tells nothing about which
 * was wrong; nothing about the order (id, lines, address) is returned.
 */
export async function trackShipment(
  deps: ShippingDeps,
  trackingNumber: string,
  email: string,
): Promise<PublicTracking | null> {
  const number = trackingNumber.trim();
  if (number.length === 0 || number.length > 100 || email.length > 320) return null;
  const found = await shipmentForTracking(deps.db, number);
  const matches = found !== null && found.email !== null && found.email === email.trim().toLowerCase();
  if (!matches || found.shipment.status === 'PENDING') return null;
  return {
    carrier: found.shipment.carrier,
    status: found.shipment.status,
    events: await eventsOfShipments(deps.db, [found.shipment.id]),
  };
}
