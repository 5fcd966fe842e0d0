import { newId, ok } from '@shop/core';
import { SYSTEM_ACTOR } from '@shop/events';
import { runInTransaction } from '@shop/db';
import type { TrackingUpdate } from '../carriers/types';
import { insertTrackingEventOnce, lockShipmentByTracking, ordersByIds, updateShipmentRow } from '../db/shipments.store';
import type { ShipmentRow } from '../db/schema';
import type { ShippingDeps } from './deps';
import { emitShipmentEvent } from './shipment-events';

export type TrackingOutcome = 'applied' | 'recorded' | 'duplicate' | 'unknown';

const MOVING: ReadonlySet<ShipmentRow['status']> = new Set(['SHIPPED', 'IN_TRANSIT']);

/**
 * One tracking update from a carrier (a webhook), applied once and out-of-order safe:
 * - the event is recorded once per carrier event id (a replayed delivery is a no-op: 'duplicate');
 * - the shipment's status is the status of the latest event by the carrier's own time, so an older event arriving
 *   after a newer one is recorded but changes nothing ('recorded'); a cancelled shipment stays cancelled;
 * - a status change is written with its `shipment.*` event in one transaction: `shipment.shipped` when the parcel
 *   first moves (or moves again after an exception), `shipment.delivered`, `shipment.exception`.
 * An unknown tracking number is ignored ('unknown'): the carrier may track parcels that are not the shop's.
 */
export async function applyTrackingUpdate(
  deps: ShippingDeps,
  carrier: string,
  update: TrackingUpdate,
): Promise<TrackingOutcome> {
  const result = await runInTransaction(deps.db, async (tx) => {
    const shipment = await lockShipmentByTracking(tx, carrier, update.trackingNumber);
    if (!shipment) return ok<TrackingOutcome>('unknown');
    const fresh = await insertTrackingEventOnce(tx, {
      id: newId(),
      shipmentId: shipment.id,
      carrier,
      externalId: update.eventId,
      status: update.status,
      description: update.description.slice(0, 1000),
      location: update.location?.slice(0, 200) ?? null,
      occurredAt: update.occurredAt,
    });
    if (!fresh) return ok<TrackingOutcome>('duplicate');
    const stale = shipment.statusAt !== null && update.occurredAt < shipment.statusAt;
    if (shipment.status === 'CANCELLED' || stale) return ok<TrackingOutcome>('recorded');
    const updated = await updateShipmentRow(tx, shipment.id, { status: update.status, statusAt: update.occurredAt });
    if (updated.status === shipment.status) return ok<TrackingOutcome>('applied');
    const type =
      updated.status === 'DELIVERED'
        ? 'shipment.delivered'
        : updated.status === 'EXCEPTION'
          ? 'shipment.exception'
          : MOVING.has(updated.status) && !MOVING.has(shipment.status)
            ? 'shipment.shipped'
            : null;
    if (type) {
      const [order] = await ordersByIds(tx, [shipment.orderId]);
      await emitShipmentEvent(deps, tx, type, order!, updated, SYSTEM_ACTOR);
    }
    return ok<TrackingOutcome>('applied');
  });
  return result.ok ? result.value : 'unknown';
}
