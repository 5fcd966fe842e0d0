import type { Tx } from '@shop/db';
import type { EventData } from '@shop/events';
import { linesOfShipments, liveShipmentLinesOfOrder } from '../db/shipments.store';
import type { OrderRow, ShipmentRow } from '../db/schema';
import type { ShippingDeps } from './deps';

type ShipmentEventType =
  'shipment.created' | 'shipment.shipped' | 'shipment.delivered' | 'shipment.exception' | 'shipment.cancelled';

/** Statuses in which a parcel has left the warehouse. */
const LEFT: ReadonlySet<ShipmentRow['status']> = new Set(['SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'EXCEPTION']);

/**
 * Whether every unit the order sold is now in a parcel that left (shipped) or arrived (delivered), after the change
 * just written in `tx`: what orders needs to move the order to SHIPPED or DELIVERED.
 */
async function orderProgress(tx: Tx, order: OrderRow): Promise<{ shipped: boolean; delivered: boolean }> {
  const lines = await liveShipmentLinesOfOrder(tx, order.id);
  const covered = (statuses: (s: ShipmentRow['status']) => boolean) => {
    const units = new Map<string, number>();
    for (const line of lines)
      if (statuses(line.status)) units.set(line.variantId, (units.get(line.variantId) ?? 0) + line.quantity);
    const sold = new Map<string, number>();
    for (const line of order.lines) sold.set(line.variantId, (sold.get(line.variantId) ?? 0) + line.quantity);
    return [...sold].every(([variantId, quantity]) => (units.get(variantId) ?? 0) >= quantity);
  };
  return { shipped: covered((s) => LEFT.has(s)), delivered: covered((s) => s === 'DELIVERED') };
}

/** Writes a `shipment.*` event for `shipment` (already updated in `tx`) into the outbox, in the same transaction. */
export async function emitShipmentEvent(
  deps: ShippingDeps,
  tx: Tx,
  type: ShipmentEventType,
  order: OrderRow,
  shipment: ShipmentRow,
  actor: { kind: 'staff' | 'user' | 'system'; id: string | null } | null,
): Promise<void> {
  const progress = await orderProgress(tx, order);
  const lines = await linesOfShipments(tx, [shipment.id]);
  const data: EventData<'shipment.created'> = {
    shipmentId: shipment.id,
    orderId: order.id,
    status: shipment.status,
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    lines: lines.map((line) => ({ variantId: line.variantId, quantity: line.quantity })),
    orderFullyShipped: progress.shipped,
    orderFullyDelivered: progress.delivered,
  };
  await deps.emit(tx, { type, subject: shipment.id, data, actor });
}
