import { newId } from '@shop/core';
import type { AnyEmitInput } from '@shop/bus';
import { writeInOneStatement, type StatementWrite, type Tx } from '@shop/db';
import type { Actor } from '@shop/events';
import { linesOfOrders, orderMoveWrites } from '../db/orders.store';
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
  { moved: true; order: OrderRow } | { moved: false; reason: 'ILLEGAL'; current: OrderStatus };

/**
 * Moves `order` (as read, row-locked, in this transaction) to `to`: checks the state machine, then writes status and
 * history and emits `order.status_changed` (plus `order.cancelled` when it is cancelled) through the outbox, in one
 * statement, with whatever else the caller's change writes (`also`: more writes and events of the same moment).
 */
export async function transitionOrder(
  deps: Pick<OrdersDeps, 'emit'>,
  tx: Tx,
  order: OrderRow,
  to: OrderStatus,
  actor: OrderActor,
  reason: string | null,
  extra: {
    reservationId?: string | null;
    placedAt?: Date;
    lines?: OrderLineRow[];
    also?: { writes?: StatementWrite[]; events?: AnyEmitInput[] };
  } = {},
): Promise<TransitionOutcome> {
  if (!mayMove(order.status, to)) return { moved: false, reason: 'ILLEGAL', current: order.status };
  const lines = extra.lines ?? (await linesOfOrders(tx, [order.id]));
  const eventActor = eventActorOf(actor);
  const events: AnyEmitInput[] = [
    {
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
    },
  ];
  if (to === 'CANCELLED') {
    events.push({
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
  const [moved] = await writeInOneStatement(tx, [
    ...orderMoveWrites(tx, {
      orderId: order.id,
      from: order.status,
      to,
      historyId: newId(),
      actorKind: actor.kind,
      actorId: actor.id,
      reason,
      placedAt: extra.placedAt,
    }),
    deps.emit.inStatement([...events, ...(extra.also?.events ?? [])]),
    ...(extra.also?.writes ?? []),
  ]);
  // The caller holds the row lock, so the compare-and-set cannot miss; if it ever does, nothing of it may commit.
  if (moved !== 1) throw new Error(`order ${order.id} was not ${order.status} under its own row lock`);
  return {
    moved: true,
    order: { ...order, status: to, placedAt: extra.placedAt ?? order.placedAt, updatedAt: new Date() },
  };
}
