import { newId } from '@shop/core';
import type { Tx } from '@shop/db';
import type { Actor } from '@shop/events';
import { linesOfOrders, updateOrderStatus } from '../db/orders.store';
import type { OrderActorKind, OrderLineRow, OrderRow, OrderStatus } from '../db/schema';
import type { OrdersDeps } from './deps';
import { mayMove } from './order-status';

/** Who moved an order, as its history and events record it. */
export interface OrderActor {
  kind: OrderActorKind;
  id: string | null;
}

export const SYSTEM_ACTOR: OrderActor = { kind: 'SYSTEM', id: null };

export function eventActorOf(actor: OrderActor): Actor {
  if (actor.kind === 'SYSTEM') return { kind: 'system', id: null };
  return { kind: actor.kind === 'STAFF' ? 'staff' : 'user', id: actor.id! };
}

export type TransitionOutcome =
  { moved: true; order: OrderRow } | { moved: false; reason: 'ILLEGAL' | 'RACED'; current: OrderStatus };

/**
 * Moves `order` (as read in this transaction) to `to`: checks the state machine, writes status and history
 * (compare-and-set on the old status) and emits `order.status_changed` (plus `order.cancelled` when it is cancelled)
 * through the outbox, all in the caller's transaction.
 */
export async function transitionOrder(
  deps: Pick<OrdersDeps, 'emit'>,
  tx: Tx,
  order: OrderRow,
  to: OrderStatus,
  actor: OrderActor,
  reason: string | null,
  extra: { reservationId?: string | null; placedAt?: Date; lines?: OrderLineRow[] } = {},
): Promise<TransitionOutcome> {
  if (!mayMove(order.status, to)) return { moved: false, reason: 'ILLEGAL', current: order.status };
  const moved = await updateOrderStatus(tx, {
    orderId: order.id,
    from: order.status,
    to,
    historyId: newId(),
    actorKind: actor.kind,
    actorId: actor.id,
    reason,
    placedAt: extra.placedAt,
  });
  if (!moved) return { moved: false, reason: 'RACED', current: order.status };
  const lines = extra.lines ?? (await linesOfOrders(tx, [order.id]));
  const eventActor = eventActorOf(actor);
  await deps.emit(tx, {
    type: 'order.status_changed',
    subject: order.id,
    actor: eventActor,
    data: {
      orderId: order.id,
      userId: order.userId,
      status: to,
      previousStatus: order.status,
      lines: lines.map((line) => ({ productId: line.productId, variantId: line.variantId, quantity: line.quantity })),
    },
  });
  if (to === 'CANCELLED') {
    await deps.emit(tx, {
      type: 'order.cancelled',
      subject: order.id,
      actor: eventActor,
      data: {
        orderId: order.id,
        userId: order.userId,
        previousStatus: order.status,
        reason,
        reservationId: extra.reservationId ?? null,
        actorId: actor.id,
      },
    });
  }
  return { moved: true, order: moved };
}
