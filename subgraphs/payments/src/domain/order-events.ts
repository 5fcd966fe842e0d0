import type { Tx } from '@shop/db';
import { SYSTEM_ACTOR, type EventData } from '@shop/events';
import { captureIntent } from './capture-payment';
import type { PaymentsDeps } from './deps';
import { refundIntent } from './refund-payment';
import { voidOrderPayment } from './void-payment';

/**
 * `order.cancelled`: an uncaptured payment is voided (and a late authorization refused); a captured one is refunded
 * in full. Runs in the inbox transaction, so a redelivered event changes nothing twice.
 */
export async function paymentOfCancelledOrder(
  deps: PaymentsDeps,
  tx: Tx,
  eventId: string,
  data: EventData<'order.cancelled'>,
): Promise<void> {
  const actor = data.actorId ? ({ kind: 'user', id: data.actorId } as const) : SYSTEM_ACTOR;
  const voided = await voidOrderPayment(deps, tx, data.orderId, actor);
  if (voided.error?.code !== 'ALREADY_CAPTURED') return;
  const refunded = await refundIntent(deps, tx, {
    orderId: data.orderId,
    amount: null,
    reason: data.reason ?? 'Order cancelled',
    key: `order.cancelled:${eventId}`,
    actor,
  });
  if (refunded.error && refunded.error.code !== 'EXCEEDS_CAPTURED')
    deps.logger.warn({ orderId: data.orderId, code: refunded.error.code }, 'cancelled order not refunded');
}

/**
 * `shipment.shipped`: with capture on shipment, the first shipment of an order captures all that is authorized.
 * A payment held for review (or already captured, voided, failed) is left alone.
 */
export async function captureOnShipment(
  deps: PaymentsDeps,
  tx: Tx,
  eventId: string,
  data: EventData<'shipment.shipped'>,
): Promise<void> {
  if (deps.config.captureMode !== 'ON_SHIPMENT') return;
  const reply = await captureIntent(deps, tx, data.orderId, null, `shipment.shipped:${eventId}`);
  if (reply.error && reply.error.code !== 'NOT_CAPTURABLE')
    deps.logger.warn({ orderId: data.orderId, code: reply.error.code }, 'shipped order not captured');
}
