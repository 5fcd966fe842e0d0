import { and, asc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { lockRowWhere, rowsByIds, rowsByKeys, updateRowById, type Executor } from '@shop/db';
import { orders, shipmentLines, shipments, trackingEvents, type OrderRow, type ShipmentRow } from './schema';

/** Every SQL statement on shipping.orders, shipments, shipment_lines and tracking_events. */

/** Keeps an order's facts once (a redelivered `order.placed` changes nothing). */
export async function insertOrderOnce(tx: Executor, row: typeof orders.$inferInsert): Promise<void> {
  await tx.insert(orders).values(row).onConflictDoNothing({ target: orders.id });
}

export async function markOrderCancelled(tx: Executor, orderId: string, at: Date): Promise<void> {
  await tx
    .update(orders)
    .set({ cancelledAt: at })
    .where(and(eq(orders.id, orderId), sql`${orders.cancelledAt} is null`));
}

export const ordersByIds = rowsByIds(orders);

/** The order row locked for the transaction: shipment writes of one order run one after another. */
export async function lockOrder(tx: Executor, id: string): Promise<OrderRow | null> {
  return (await lockRowWhere(tx, orders, eq(orders.id, id))) ?? null;
}

export const shipmentsByIds = rowsByIds(shipments);

export async function lockShipment(tx: Executor, id: string): Promise<ShipmentRow | null> {
  return (await lockRowWhere(tx, shipments, eq(shipments.id, id))) ?? null;
}

/** The shipments of these orders, oldest first. */
export const shipmentsOfOrders = rowsByKeys(shipments, shipments.orderId, [asc(shipments.id)]);

export const linesOfShipments = rowsByKeys(shipmentLines, shipmentLines.shipmentId, [asc(shipmentLines.variantId)]);

export const eventsOfShipments = rowsByKeys(trackingEvents, trackingEvents.shipmentId, [
  asc(trackingEvents.occurredAt),
  asc(trackingEvents.id),
]);

/** Every line of the order's shipments that are not cancelled, with their shipment's warehouse and status. */
export async function liveShipmentLinesOfOrder(
  tx: Executor,
  orderId: string,
): Promise<{ variantId: string; warehouseId: string | null; quantity: number; status: ShipmentRow['status'] }[]> {
  return tx
    .select({
      variantId: shipmentLines.variantId,
      warehouseId: shipments.warehouseId,
      quantity: shipmentLines.quantity,
      status: shipments.status,
    })
    .from(shipmentLines)
    .innerJoin(shipments, eq(shipments.id, shipmentLines.shipmentId))
    .where(and(eq(shipments.orderId, orderId), ne(shipments.status, 'CANCELLED')));
}

export async function insertShipment(
  tx: Executor,
  row: typeof shipments.$inferInsert,
  lines: readonly { variantId: string; quantity: number }[],
): Promise<ShipmentRow> {
  const [saved] = await tx.insert(shipments).values(row).returning();
  await tx.insert(shipmentLines).values(lines.map((line) => ({ shipmentId: saved!.id, ...line })));
  return saved!;
}

export async function updateShipmentRow(
  tx: Executor,
  id: string,
  set: Partial<Omit<typeof shipments.$inferInsert, 'id' | 'orderId'>>,
): Promise<ShipmentRow> {
  return (await updateRowById(tx, shipments, id, set))!;
}

/** Deletes shipments (their lines go with them): only ones never announced, whose label purchase failed. */
export async function deleteShipmentRows(tx: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await tx.delete(shipments).where(inArray(shipments.id, [...ids]));
}

/** The shipment a carrier's tracking number names, locked for the transaction. */
export async function lockShipmentByTracking(
  tx: Executor,
  carrier: string,
  trackingNumber: string,
): Promise<ShipmentRow | null> {
  return (
    (await lockRowWhere(
      tx,
      shipments,
      and(eq(shipments.carrier, carrier), eq(shipments.trackingNumber, trackingNumber)),
    )) ?? null
  );
}

/** Records a carrier event once: false when this carrier event id was recorded before (a replayed webhook). */
export async function insertTrackingEventOnce(tx: Executor, row: typeof trackingEvents.$inferInsert): Promise<boolean> {
  const saved = await tx
    .insert(trackingEvents)
    .values(row)
    .onConflictDoNothing({ target: [trackingEvents.carrier, trackingEvents.externalId] })
    .returning({ id: trackingEvents.id });
  return saved.length > 0;
}

/** Public tracking: the shipment with this number (any carrier) and its order's email. One statement. */
export async function shipmentForTracking(
  db: Executor,
  trackingNumber: string,
): Promise<{ shipment: ShipmentRow; email: string | null } | null> {
  const [row] = await db
    .select({ shipment: shipments, email: orders.email })
    .from(shipments)
    .innerJoin(orders, eq(orders.id, shipments.orderId))
    .where(eq(shipments.trackingNumber, trackingNumber))
    .limit(1);
  return row ?? null;
}

/** Shipments the carrier still moves (labelled, not delivered or cancelled), the longest-unasked first. */
export async function shipmentsToPoll(db: Executor, limit: number): Promise<ShipmentRow[]> {
  return db
    .select()
    .from(shipments)
    .where(
      and(
        inArray(shipments.status, ['LABEL_PURCHASED', 'SHIPPED', 'IN_TRANSIT', 'EXCEPTION']),
        isNotNull(shipments.trackingNumber),
      ),
    )
    .orderBy(sql`${shipments.polledAt} asc nulls first`, asc(shipments.id))
    .limit(limit);
}

export async function markPolled(db: Executor, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length > 0)
    await db
      .update(shipments)
      .set({ polledAt: at })
      .where(inArray(shipments.id, [...ids]));
}
