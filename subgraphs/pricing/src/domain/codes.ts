import { isUuid, newId } from '@shop/core';
import type { Tx } from '@shop/db';
import { codeById, codesByText, customerUsage, insertCode, lockCodeByText, recordRedemption, redemptionExists, updateCodeRow } from '../db/codes.store';
import type { DiscountCodeRow } from '../db/schema';
import { isUserError, parseAmount } from './amounts';
import type { PricingDeps } from './deps';
import { inWindow, type DiscountKind } from './engine';
import { refuse, userError, type PricingResult, type PricingUserError } from './errors';
import { runInTransaction } from '@shop/db';

export interface CreateCodeInput {
  code: string;
  kind: DiscountKind;
  basisPoints?: number | null;
  amount?: string | null;
  currency?: string | null;
  minimumSubtotal?: string | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  usageLimit?: number | null;
  perCustomerLimit?: number | null;
}

export interface UpdateCodeInput {
  id: string;
  basisPoints?: number | null;
  amount?: string | null;
  minimumSubtotal?: string | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  usageLimit?: number | null;
  perCustomerLimit?: number | null;
}

const CODE_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;

type CodeValues = Omit<DiscountCodeRow, 'id' | 'createdAt' | 'usageCount' | 'active'>;

function checkCode(values: CodeValues, usageCount = 0): PricingUserError[] {
  const errors: PricingUserError[] = [];
  if (!CODE_PATTERN.test(values.code)) errors.push(userError('INVALID', 'A code is 3 to 64 letters, digits, "-" or "_".', 'code'));
  if (values.kind === 'PERCENTAGE' && (values.basisPoints == null || values.basisPoints < 1 || values.basisPoints > 10000)) {
    errors.push(userError('INVALID', 'A percentage code needs basisPoints between 1 and 10000.', 'basisPoints'));
  }
  if (values.kind === 'FIXED_AMOUNT' && (values.amount == null || values.amount <= 0n)) {
    errors.push(userError('INVALID', 'A fixed-amount code needs a positive amount and its currency.', 'amount'));
  }
  if (values.usageLimit !== null && (values.usageLimit < 1 || values.usageLimit < usageCount)) {
    errors.push(userError('INVALID', `usageLimit must be at least 1 and at least the ${usageCount} uses so far.`, 'usageLimit'));
  }
  if (values.perCustomerLimit !== null && values.perCustomerLimit < 1) errors.push(userError('INVALID', 'perCustomerLimit must be at least 1.', 'perCustomerLimit'));
  if (values.startsAt && values.endsAt && values.endsAt.getTime() <= values.startsAt.getTime()) {
    errors.push(userError('INVALID', 'The window must end after it starts.', 'endsAt'));
  }
  return errors;
}

const codeTaken = (violation: { constraint: string }) =>
  violation.constraint === 'discount_codes_code_key' ? userError('CODE_TAKEN', 'This code exists already.', 'code') : null;

function amountIn(value: string | null | undefined, currency: string | null, field: string): bigint | null | PricingUserError {
  if (value == null) return null;
  if (!currency) return userError('INVALID', 'Amounts need the code\'s currency.', 'currency');
  return parseAmount(value, currency, field);
}

export async function createCode(deps: PricingDeps, input: CreateCodeInput): Promise<PricingResult<DiscountCodeRow>> {
  const currency = input.currency ?? null;
  const amount = amountIn(input.kind === 'FIXED_AMOUNT' ? input.amount : null, currency, 'amount');
  const minimumSubtotal = amountIn(input.minimumSubtotal, currency, 'minimumSubtotal');
  const parseErrors = [amount, minimumSubtotal].filter(isUserError);
  if (parseErrors.length > 0) return { ok: false, errors: parseErrors };
  const values: CodeValues = {
    code: input.code.trim(),
    kind: input.kind,
    basisPoints: input.kind === 'PERCENTAGE' ? (input.basisPoints ?? null) : null,
    amount: amount as bigint | null,
    currency,
    minimumSubtotal: minimumSubtotal as bigint | null,
    startsAt: input.startsAt ?? null,
    endsAt: input.endsAt ?? null,
    usageLimit: input.usageLimit ?? null,
    perCustomerLimit: input.perCustomerLimit ?? null,
  };
  const errors = checkCode(values);
  if (errors.length > 0) return { ok: false, errors };
  return runInTransaction(
    deps.db,
    async (tx) => {
      // The friendly check; the unique index on lower(code) decides under concurrency (mapped below).
      if ((await codesByText(tx, [values.code])).length > 0) return refuse('CODE_TAKEN', 'This code exists already.', 'code');
      return { ok: true, value: await insertCode(tx, { id: newId(), ...values }) };
    },
    codeTaken,
  );
}

const pick = <T>(next: T | undefined, current: T): T => (next === undefined ? current : next);

export async function updateCode(deps: PricingDeps, input: UpdateCodeInput): Promise<PricingResult<DiscountCodeRow>> {
  const current = isUuid(input.id) ? await codeById(deps.db, input.id) : null;
  if (!current) return refuse('NOT_FOUND', 'No such discount code.', 'id');
  const amount = input.amount != null && current.kind === 'FIXED_AMOUNT' ? amountIn(input.amount, current.currency, 'amount') : current.amount;
  const minimumSubtotal = input.minimumSubtotal === undefined ? current.minimumSubtotal : amountIn(input.minimumSubtotal, current.currency, 'minimumSubtotal');
  const parseErrors = [amount, minimumSubtotal].filter(isUserError);
  if (parseErrors.length > 0) return { ok: false, errors: parseErrors };
  const values: CodeValues = {
    code: current.code,
    kind: current.kind,
    basisPoints: current.kind === 'PERCENTAGE' ? (input.basisPoints ?? current.basisPoints) : null,
    amount: amount as bigint | null,
    currency: current.currency,
    minimumSubtotal: minimumSubtotal as bigint | null,
    startsAt: pick(input.startsAt, current.startsAt),
    endsAt: pick(input.endsAt, current.endsAt),
    usageLimit: pick(input.usageLimit, current.usageLimit),
    perCustomerLimit: pick(input.perCustomerLimit, current.perCustomerLimit),
  };
  const errors = checkCode(values, current.usageCount);
  if (errors.length > 0) return { ok: false, errors };
  // The usage_count <= usage_limit check constraint backs checkCode against a concurrent redemption.
  return { ok: true, value: await updateCodeRow(deps.db, current.id, values) };
}

export async function deactivateCode(deps: PricingDeps, input: { id: string }): Promise<PricingResult<DiscountCodeRow>> {
  const current = isUuid(input.id) ? await codeById(deps.db, input.id) : null;
  if (!current) return refuse('NOT_FOUND', 'No such discount code.', 'id');
  return { ok: true, value: await updateCodeRow(deps.db, current.id, { active: false }) };
}

// ---------------------------------------------------------------------------------------------------------------
// Redemption (order.placed)
// ---------------------------------------------------------------------------------------------------------------

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
export async function redeemCodesIn(tx: Tx, deps: Pick<PricingDeps, 'emit'>, input: RedeemInput): Promise<RedeemOutcome> {
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
      code.perCustomerLimit !== null && ((await customerUsage(tx, [code.id], input.userId)).get(code.id) ?? 0) >= code.perCustomerLimit;
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
