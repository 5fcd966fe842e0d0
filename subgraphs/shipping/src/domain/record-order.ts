import type { Tx } from '@shop/db';
import type { EventData } from '@shop/events';
import { insertOrderOnce, markOrderCancelled } from '../db/shipments.store';

/**
 * `order.placed`: keep what shipping needs to ship the order and to decide who may see its shipments (the customer,
 * the email public tracking checks, the lines and their weights, the address, inventory's allocations by warehouse,
 * the chosen rate). Written once: a redelivery changes nothing.
 */
export async function recordPlacedOrder(tx: Tx, data: EventData<'order.placed'>): Promise<void> {
  await insertOrderOnce(tx, {
    id: data.orderId,
    number: data.number,
    userId: data.userId,
    email: data.email?.trim().toLowerCase() ?? null,
    shippingAddress: data.shippingAddress,
    shippingRateId: data.shippingRateId,
    lines: data.lines.map((line) => ({
      variantId: line.variantId,
      sku: line.sku,
      quantity: line.quantity,
      weightGrams: line.weightGrams,
    })),
    allocations: data.allocations.filter((a) => a.quantity > 0),
    placedAt: new Date(data.placedAt),
  });
}

/** `order.cancelled`: nothing more of the order ships (shipments already with the carrier are not recalled). */
export async function recordCancelledOrder(tx: Tx, data: EventData<'order.cancelled'>, at: Date): Promise<void> {
  await markOrderCancelled(tx, data.orderId, at);
}
