import type { Tx } from '@shop/db';
import type { CommandRequest, CommandResponse } from '@shop/events';
import {
  codesByIds,
  customerUsage,
  deleteRedemptionsOfOrder,
  lockCodeByText,
  recordRedemption,
  redemptionExists,
  uncountRedemption,
} from '../db/codes.store';
import type { PricingDeps } from './deps';
import { inWindow } from './engine';

/** Redemption of an order's codes: taken by the checkout (`pricing.redeem`), confirmed again by `order.placed`. */

export interface RedeemInput {
  orderId: string;
  userId: string;
  discountCodes: string[];
  placedAt: Date;
}

export type RedemptionRefusal = 'UNKNOWN' | 'EXPIRED' | 'USAGE_LIMIT';

export interface RedeemOutcome {
  redeemed: string[];
  alreadyRedeemed: string[];
  refused: { code: string; reason: RedemptionRefusal }[];
}

/**
 * Counts an order's codes, inside the caller's transaction (the event consumer's, so the inbox row and the
 * redemptions commit together). Each code's row is locked (`select ... for update`) before its usage is read,
 * so concurrent orders queue per code: with a limit of K, exactly K redemptions are ever recorded. A second
 * delivery for the same order finds its (code, order) row and changes nothing.
 */
export async function redeemCodesIn(
  tx: Tx,
  deps: Pick<PricingDeps, 'emit'>,
  input: RedeemInput,
): Promise<RedeemOutcome> {
  const outcome: RedeemOutcome = { redeemed: [], alreadyRedeemed: [], refused: [] };
  const unique = [...new Map(input.discountCodes.map((c) => [c.trim().toLowerCase(), c.trim()])).values()];
  // A fixed order (by lower-cased text) so two orders with the same codes never lock them in opposite orders.
  unique.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
  for (const text of unique) {
    const code = await lockCodeByText(tx, text);
    if (!code) {
      outcome.refused.push({ code: text, reason: 'UNKNOWN' });
      continue;
    }
    if (await redemptionExists(tx, code.id, input.orderId)) {
      outcome.alreadyRedeemed.push(code.code);
      continue;
    }
    if (!code.active || !inWindow(code.startsAt, code.endsAt, input.placedAt)) {
      outcome.refused.push({ code: code.code, reason: 'EXPIRED' });
      continue;
    }
    const overTotal = code.usageLimit !== null && code.usageCount >= code.usageLimit;
    const overCustomer =
      code.perCustomerLimit !== null &&
      ((await customerUsage(tx, [code.id], input.userId)).get(code.id) ?? 0) >= code.perCustomerLimit;
    if (overTotal || overCustomer) {
      outcome.refused.push({ code: code.code, reason: 'USAGE_LIMIT' });
      continue;
    }
    await recordRedemption(tx, code.id, input.orderId, input.userId);
    await deps.emit(tx, {
      type: 'pricing.discount_redeemed',
      subject: code.id,
      data: { codeId: code.id, code: code.code, orderId: input.orderId, userId: input.userId },
    });
    outcome.redeemed.push(code.code);
  }
  return outcome;
}

/** The same in a transaction of its own (checkout may call it directly; the concurrency test does). */
export function redeemCodes(deps: PricingDeps, input: RedeemInput): Promise<RedeemOutcome> {
  return deps.db.transaction((tx) => redeemCodesIn(tx, deps, input));
}

class RedemptionRefused extends Error {
  constructor(readonly refused: RedeemOutcome['refused']) {
    super('a discount code was refused');
  }
}

/**
 * `pricing.redeem`: the checkout takes its codes before the payment, all or none (a refusal rolls the others back),
 * so concurrent checkouts can never use a code more often than its limits allow.
 */
export async function redeemForCheckout(
  deps: PricingDeps,
  request: CommandRequest<'pricing.redeem'>,
): Promise<CommandResponse<'pricing.redeem'>> {
  const input = { ...request, placedAt: new Date(request.at) };
  if (Number.isNaN(input.placedAt.getTime())) input.placedAt = new Date();
  try {
    await deps.db.transaction(async (tx) => {
      const outcome = await redeemCodesIn(tx, deps, input);
      if (outcome.refused.length > 0) throw new RedemptionRefused(outcome.refused);
    });
    return { redeemed: true, refused: [] };
  } catch (error) {
    if (error instanceof RedemptionRefused) return { redeemed: false, refused: error.refused };
    throw error;
  }
}

/**
 * `pricing.unredeem`: a failed checkout gives its code uses back. Codes are uncounted in the order redemption locks
 * them (by lower-cased text), so this never deadlocks with a concurrent redemption. A second call finds nothing.
 */
export async function unredeemForCheckout(
  deps: PricingDeps,
  request: CommandRequest<'pricing.unredeem'>,
): Promise<CommandResponse<'pricing.unredeem'>> {
  const released = await deps.db.transaction(async (tx) => {
    const codeIds = await deleteRedemptionsOfOrder(tx, request.orderId);
    if (codeIds.length === 0) return 0;
    const codes = (await codesByIds(tx, codeIds)).sort((a, b) =>
      a.code.toLowerCase() < b.code.toLowerCase() ? -1 : 1,
    );
    for (const code of codes) await uncountRedemption(tx, code.id);
    return codeIds.length;
  });
  return { released };
}
