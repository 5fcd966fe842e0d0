import type { Tx } from '@shop/db';
import { customerUsage, lockCodeByText, recordRedemption, redemptionExists } from '../db/codes.store';
import type { PricingDeps } from './deps';
import { inWindow } from './engine';

/** Redemption of an order's codes (on `order.placed`). */

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
