import type { Tx } from '@shop/db';
import type { EventData } from '@shop/events';
import { sagaByOrderId } from '../db/checkout-sagas.store';
import { orderForUpdate } from '../db/orders.store';
import type { OrderStatus } from '../db/schema';
import type { OrdersDeps } from './deps';
import { mayMove } from './order-status';
import { SYSTEM_ACTOR, transitionOrder } from './order-transition';
import { compensateSaga, confirmInTransaction } from './saga-finish';
import { commitStock } from './saga-steps';

/**
 * What payments' and shipping's events do to orders, each applied exactly once through the inbox (inside its
 * transaction). An event that would be an illegal move (late, duplicated in effect, or out of order) changes nothing.
 */

/** payment.authorized: a checkout waiting for 3-D Secure resumes: stock committed, order CONFIRMED, `order.placed`. */
export async function onPaymentAuthorized(
  deps: OrdersDeps,
  tx: Tx,
  data: EventData<'payment.authorized'>,
): Promise<void> {
  const saga = await sagaByOrderId(tx, data.orderId);
  if (!saga || saga.state !== 'WAITING') return;
  const committed = saga.reservationId ? await commitStock(deps, saga.reservationId, saga.orderId) : false;
  if (!committed) {
    await compensateSaga(deps, saga, 'OUT_OF_STOCK', 'The stock hold ran out before the payment step was completed.');
    return;
  }
  await confirmInTransaction(deps, tx, saga.orderId, ['WAITING']);
}

/** payment.failed: a checkout waiting for 3-D Secure whose step failed is compensated. */
export async function onPaymentFailed(deps: OrdersDeps, tx: Tx, data: EventData<'payment.failed'>): Promise<void> {
  const saga = await sagaByOrderId(tx, data.orderId);
  if (!saga || saga.state !== 'WAITING') return;
  await compensateSaga(deps, saga, 'PAYMENT_DECLINED', 'The payment step failed; nothing was charged.');
}

/** payment.refunded: the order becomes PARTIALLY_REFUNDED or REFUNDED, as the intent now is. */
export async function onPaymentRefunded(deps: OrdersDeps, tx: Tx, data: EventData<'payment.refunded'>): Promise<void> {
  const to: OrderStatus | null =
    data.status === 'REFUNDED' ? 'REFUNDED' : data.status === 'PARTIALLY_REFUNDED' ? 'PARTIALLY_REFUNDED' : null;
  if (to) await moveIfAllowed(deps, tx, data.orderId, [to], `refund of ${data.amount} ${data.currency}`);
}

/**
 * shipment.created: fulfilment started (staff bought a label), so a CONFIRMED order becomes PROCESSING and its customer
 * can no longer cancel it (orderCancel allows them only PENDING and CONFIRMED) and be refunded for goods on their way.
 */
export async function onShipmentCreated(deps: OrdersDeps, tx: Tx, data: EventData<'shipment.created'>): Promise<void> {
  await startFulfilment(deps, tx, data.orderId, `fulfilment started with ${data.carrier}`);
}

/** shipment.shipped: SHIPPED once every line has shipped; PROCESSING while only some have. */
export async function onShipmentShipped(deps: OrdersDeps, tx: Tx, data: EventData<'shipment.shipped'>): Promise<void> {
  if (data.orderFullyShipped) await moveIfAllowed(deps, tx, data.orderId, ['SHIPPED'], `shipped with ${data.carrier}`);
  else await startFulfilment(deps, tx, data.orderId, `partly shipped with ${data.carrier}`);
}

/** CONFIRMED → PROCESSING; an order already further along (or cancelled) is left as it is. */
async function startFulfilment(deps: OrdersDeps, tx: Tx, orderId: string, reason: string): Promise<void> {
  const order = await orderForUpdate(tx, orderId);
  if (order?.status === 'CONFIRMED') await transitionOrder(deps, tx, order, 'PROCESSING', SYSTEM_ACTOR, reason);
}

/** shipment.delivered: DELIVERED once every line arrived (through SHIPPED when that event has not come yet). */
export async function onShipmentDelivered(
  deps: OrdersDeps,
  tx: Tx,
  data: EventData<'shipment.delivered'>,
): Promise<void> {
  if (data.orderFullyDelivered) {
    await moveIfAllowed(deps, tx, data.orderId, ['SHIPPED', 'DELIVERED'], `delivered by ${data.carrier}`);
  }
}

/** Moves the order along `path`, skipping steps it is already past and stopping at the first illegal one. */
async function moveIfAllowed(
  deps: OrdersDeps,
  tx: Tx,
  orderId: string,
  path: OrderStatus[],
  reason: string,
): Promise<void> {
  let order = await orderForUpdate(tx, orderId);
  for (const to of path) {
    if (!order) return;
    if (order.status === to && to !== 'PARTIALLY_REFUNDED') continue;
    if (!mayMove(order.status, to)) {
      deps.logger.info({ orderId, from: order.status, to }, 'an event asked for an illegal order move; ignored');
      return;
    }
    const moved = await transitionOrder(deps, tx, order, to, SYSTEM_ACTOR, reason);
    order = moved.moved ? moved.order : null;
  }
}
