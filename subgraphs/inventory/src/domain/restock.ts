import type { Tx } from '@shop/db';
import type { EventData, EventEnvelope } from '@shop/events';
import { allocationsOf, claimRestock, lockReservationsByReference } from '../db/reservations.store';
import type { AllocationRow } from '../db/schema';
import { activeWarehouseIds } from '../db/warehouses.store';
import type { InventoryDeps } from './deps';
import { giveBack } from './give-back-reservation';
import { applyMovements, type Movement } from './stock-movements';
import type { Viewer } from './viewer';

/** The reference the checkout saga reserves an order's stock under (subgraphs/orders/src/domain/saga-steps.ts). */
const orderReference = (orderId: string) => `order:${orderId}`;

/** Statuses an order can be cancelled from while its sold units are still in the warehouse (not shipped yet). */
const NOT_SHIPPED = new Set(['PENDING', 'CONFIRMED', 'PROCESSING']);

/** The staff member behind an event, for the ledger; null for customers and the system. */
const staffActorOf = (event: EventEnvelope<unknown>): Viewer => ({
  actorId: event.actor?.kind === 'staff' ? event.actor.id : null,
});

/**
 * `order.cancelled`: a reservation still held for the order is released (orders also releases a PENDING order's hold
 * itself: both lock the reservation and release only an ACTIVE one, so the units come back once); a committed one
 * (the order was CONFIRMED, its stock sold) puts its units back on hand where they were taken, once per reservation
 * (CANCELLED in the ledger). An order cancelled after shipping keeps its units out: they come back through a return.
 */
export async function restockCancelledOrder(
  deps: InventoryDeps,
  tx: Tx,
  event: EventEnvelope<EventData<'order.cancelled'>>,
): Promise<void> {
  const { orderId, previousStatus } = event.data;
  const reservations = await lockReservationsByReference(tx, orderReference(orderId));
  for (const reservation of reservations) {
    if (reservation.status === 'ACTIVE') {
      await giveBack(deps, tx, reservation, 'RELEASED');
      continue;
    }
    if (reservation.status !== 'COMMITTED' || !NOT_SHIPPED.has(previousStatus)) continue;
    if (!(await claimRestock(tx, `cancel:${reservation.id}`))) continue;
    const allocations = await allocationsOf(tx, reservation.id);
    await restock(
      deps,
      tx,
      staffActorOf(event),
      allocations.map((a) => ({
        variantId: a.variantId,
        warehouseId: a.warehouseId,
        reason: 'CANCELLED',
        delta: a.quantity,
        note: `order ${orderId} cancelled`,
      })),
    );
  }
}

/**
 * `return.received`: the returned units go back on hand, once per return, in the warehouses the order's stock was
 * sold from (as far as those are active and sold that many), the rest in the highest-priority active warehouse.
 */
export async function restockReturn(
  deps: InventoryDeps,
  tx: Tx,
  event: EventEnvelope<EventData<'return.received'>>,
): Promise<void> {
  const { returnId, orderId, lines } = event.data;
  if (lines.length === 0 || !(await claimRestock(tx, `return:${returnId}`))) return;
  const active = await activeWarehouseIds(tx);
  const sold: AllocationRow[] = [];
  for (const reservation of await lockReservationsByReference(tx, orderReference(orderId))) {
    if (reservation.status === 'COMMITTED') sold.push(...(await allocationsOf(tx, reservation.id)));
  }
  const movements: Movement[] = [];
  const add = (variantId: string, warehouseId: string, quantity: number) => {
    const existing = movements.find((m) => m.variantId === variantId && m.warehouseId === warehouseId);
    if (existing) existing.delta += quantity;
    else movements.push({ variantId, warehouseId, reason: 'RETURN', delta: quantity, note: `return ${returnId}` });
  };
  for (const line of lines) {
    let left = line.quantity;
    for (const allocation of sold) {
      if (left === 0) break;
      if (allocation.variantId !== line.variantId || !active.includes(allocation.warehouseId)) continue;
      const take = Math.min(left, allocation.quantity);
      add(line.variantId, allocation.warehouseId, take);
      left -= take;
    }
    if (left === 0) continue;
    const fallback = active[0];
    // Thrown, not skipped: the event is retried and finally dead-lettered, where an operator sees units not restocked.
    if (!fallback) throw new Error(`return ${returnId}: no active warehouse to restock ${line.variantId} in`);
    add(line.variantId, fallback, left);
  }
  await restock(deps, tx, staffActorOf(event), movements);
}

async function restock(deps: InventoryDeps, tx: Tx, viewer: Viewer, movements: Movement[]): Promise<void> {
  if (movements.length === 0) return;
  // Adding to on hand never goes below what is reserved, so this cannot be refused.
  if (!(await applyMovements(deps, tx, viewer, movements))) throw new Error('a restock was refused');
}
