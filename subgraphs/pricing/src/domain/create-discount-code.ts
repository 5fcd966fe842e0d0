import { newId } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { codesByText, insertCode } from '../db/codes.store';
import type { DiscountCodeRow } from '../db/schema';
import { isUserError } from './amounts';
import type { PricingDeps } from './deps';
import { amountIn, checkCode, type CodeValues } from './discount-code-values';
import type { DiscountKind } from './engine';
import { refuse, userError, type PricingResult } from './errors';

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

const codeTaken = (violation: { constraint: string }) =>
  violation.constraint === 'discount_codes_code_key'
    ? userError('CODE_TAKEN', 'This code exists already.', ['code'])
    : null;

/** `discountCodeCreate`: a new code; its text is unique ignoring case. */
export async function createDiscountCode(
  deps: PricingDeps,
  input: CreateCodeInput,
): Promise<PricingResult<DiscountCodeRow>> {
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
      if ((await codesByText(tx, [values.code])).length > 0)
        return refuse('CODE_TAKEN', 'This code exists already.', ['code']);
      return { ok: true, value: await insertCode(tx, { id: newId(), ...values }) };
    },
    codeTaken,
  );
}
