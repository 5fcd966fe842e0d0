import { z } from 'zod';
import { formatDecimal, isUuid, newId, ok, parseDecimal } from '@shop/core';
import type { Tx } from '@shop/db';
import type { EventData } from '@shop/events';
import {
  insertOrderLines,
  insertReturn,
  lockOrderLines,
  lockReturn,
  returnedQuantities,
  returnedUnitsByVariant,
  setDelivered,
  updateReturn,
} from '../db/returns.store';
import type { ReturnRow } from '../db/schema';
import { ProviderFailure, ProviderTimeout } from '../providers/types';
import type { PaymentsDeps } from './deps';
import { refuse, type PaymentsErrorCode, type PaymentsResult } from './errors';
import { refundIntent } from './refund-payment';
import { parseInput, reasonField } from './validation';
import type { Viewer } from './viewer';

/** `order.placed`: remembers the order's lines (price per unit, owner) so its delivered lines can be returned. */
export async function recordPlacedOrder(tx: Tx, data: EventData<'order.placed'>): Promise<void> {
  await insertOrderLines(
    tx,
    data.lines.map((line) => ({
      lineId: line.lineId,
      orderId: data.orderId,
      userId: data.userId,
      variantId: line.variantId,
      sku: line.sku,
      quantity: line.quantity,
      unitPrice: parseDecimal(line.unitPrice, data.currency),
      currency: data.currency,
    })),
  );
}

/** `shipment.delivered`: the shipment's units count as delivered on the order's lines of each variant, in line order. */
export async function recordDelivery(tx: Tx, data: EventData<'shipment.delivered'>): Promise<void> {
  const lines = await lockOrderLines(tx, data.orderId);
  const now = new Date();
  for (const shipped of data.lines) {
    let left = shipped.quantity;
    for (const line of lines) {
      if (left === 0) break;
      if (line.variantId !== shipped.variantId) continue;
      const take = Math.min(left, line.quantity - line.deliveredQuantity);
      if (take <= 0) continue;
      line.deliveredQuantity += take;
      left -= take;
      await setDelivered(tx, line.lineId, line.deliveredQuantity, now);
    }
  }
}

const requestInput = z.object({
  orderId: z.string(),
  lines: z
    .array(z.object({ lineId: z.string(), quantity: z.number().int().min(1, 'At least 1.').max(999, 'At most 999.') }))
    .min(1, 'Choose at least one line.')
    .max(100, 'At most 100 lines.'),
  reason: reasonField,
});
export type ReturnRequestInput = z.input<typeof requestInput>;

const decisionInput = z.object({ returnId: z.string(), note: reasonField.optional() });
export type ReturnDecisionInput = z.input<typeof decisionInput>;

const orderNotFound = () => refuse('NOT_FOUND', 'No order with this id.', ['orderId']);
const returnNotFound = () => refuse('NOT_FOUND', 'No return with this id.', ['returnId']);

/**
 * returnRequest: the customer who placed the order asks to send back delivered units, within the return window after
 * delivery, never more units of a line than were delivered and not already in a (not rejected) return. The order's
 * lines stay locked meanwhile, so two concurrent requests cannot return the same unit twice.
 */
export async function requestReturn(
  deps: PaymentsDeps,
  viewer: Viewer,
  input: ReturnRequestInput,
): Promise<PaymentsResult<ReturnRow>> {
  const parsed = parseInput(requestInput, input);
  if (!parsed.ok) return parsed;
  const { orderId, lines: wanted, reason } = parsed.value;
  if (!isUuid(orderId) || viewer.userId === null) return orderNotFound();
  const seen = new Set<string>();
  for (const [i, line] of wanted.entries()) {
    if (seen.has(line.lineId)) return refuse('INVALID', 'Each line only once.', ['lines', i, 'lineId']);
    seen.add(line.lineId);
  }
  return deps.db.transaction(async (tx) => {
    const lines = await lockOrderLines(tx, orderId);
    if (lines.length === 0 || lines[0]!.userId !== viewer.userId) return orderNotFound();
    const returned = await returnedQuantities(tx, orderId);
    const windowStart = Date.now() - deps.config.returnWindowDays * 86_400_000;
    let amount = 0n;
    for (const [i, want] of wanted.entries()) {
      const line = lines.find((l) => l.lineId === want.lineId);
      if (!line) return refuse('NOT_FOUND', 'No such line in this order.', ['lines', i, 'lineId']);
      if (!line.deliveredAt || line.deliveredQuantity === 0)
        return refuse('NOT_RETURNABLE', 'This line has not been delivered.', ['lines', i, 'lineId']);
      if (line.deliveredAt.getTime() < windowStart)
        return refuse(
          'RETURN_WINDOW_CLOSED',
          `Returns are possible for ${deps.config.returnWindowDays} days after delivery.`,
          ['lines', i, 'lineId'],
        );
      const returnable = line.deliveredQuantity - (returned.get(line.lineId) ?? 0);
      if (want.quantity > returnable)
        return refuse('NOT_RETURNABLE', `At most ${returnable} of this line can be returned.`, [
          'lines',
          i,
          'quantity',
        ]);
      amount += line.unitPrice * BigInt(want.quantity);
    }
    return ok(
      await insertReturn(
        tx,
        {
          id: newId(),
          orderId,
          userId: viewer.userId,
          status: 'REQUESTED',
          reason,
          amount,
          currency: lines[0]!.currency,
        },
        wanted.map((w) => ({ lineId: w.lineId, quantity: w.quantity })),
      ),
    );
  });
}

async function decide(
  deps: PaymentsDeps,
  input: ReturnDecisionInput,
  from: ReturnRow['status'],
  step: (tx: Tx, row: ReturnRow, note: string | null) => Promise<PaymentsResult<ReturnRow>>,
): Promise<PaymentsResult<ReturnRow>> {
  const parsed = parseInput(decisionInput, input);
  if (!parsed.ok) return parsed;
  if (!isUuid(parsed.value.returnId)) return returnNotFound();
  return deps.db.transaction(async (tx) => {
    const row = await lockReturn(tx, parsed.value.returnId);
    if (!row) return returnNotFound();
    if (row.status !== from)
      return refuse('INVALID_STATE', `Only a ${from.toLowerCase()} return can be changed so.`, ['returnId']);
    return step(tx, row, parsed.value.note ?? null);
  });
}

/** returnApprove: the customer may send the goods back. */
export const approveReturn = (deps: PaymentsDeps, _viewer: Viewer, input: ReturnDecisionInput) =>
  decide(deps, input, 'REQUESTED', async (tx, row, note) =>
    ok(await updateReturn(tx, row.id, { status: 'APPROVED', decisionNote: note })),
  );

/** returnReject: the return is refused (its units may be requested again). */
export const rejectReturn = (deps: PaymentsDeps, _viewer: Viewer, input: ReturnDecisionInput) =>
  decide(deps, input, 'REQUESTED', async (tx, row, note) =>
    ok(await updateReturn(tx, row.id, { status: 'REJECTED', decisionNote: note })),
  );

/**
 * returnReceive: the goods arrived; the returned lines' price is refunded from the order's captured payment in the
 * same transaction (REFUNDED). A refund the payment cannot give (nothing captured) leaves the return APPROVED.
 */
export async function receiveReturn(
  deps: PaymentsDeps,
  viewer: Viewer,
  input: ReturnDecisionInput,
): Promise<PaymentsResult<ReturnRow>> {
  try {
    return await decide(deps, input, 'APPROVED', async (tx, row) => {
      const refund = await refundIntent(deps, tx, {
        orderId: row.orderId,
        amount: formatDecimal(row.amount, row.currency),
        reason: `Return ${row.id}`,
        key: `return:${row.id}`,
        actor: viewer.actor,
      });
      if (refund.error) {
        const code: PaymentsErrorCode = refund.error.code;
        return refuse(code, refund.error.message, null);
      }
      // Inventory restocks the goods from this event, committed with the refund (outbox): both or neither.
      await deps.emit(tx, {
        type: 'return.received',
        subject: row.id,
        actor: viewer.actor,
        data: { returnId: row.id, orderId: row.orderId, lines: await returnedUnitsByVariant(tx, row.id) },
      });
      return ok(await updateReturn(tx, row.id, { status: 'REFUNDED', refundId: refund.refundId }));
    });
  } catch (error) {
    if (error instanceof ProviderTimeout || error instanceof ProviderFailure)
      return refuse('PROVIDER_ERROR', 'The payment provider refused or did not answer; try again later.', null);
    throw error;
  }
}
