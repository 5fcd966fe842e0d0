import { isUuid } from '@shop/core';
import { codeById, updateCodeRow } from '../db/codes.store';
import type { DiscountCodeRow } from '../db/schema';
import { isUserError } from './amounts';
import type { PricingDeps } from './deps';
import { amountIn, checkCode, type CodeValues } from './discount-code-values';
import { refuse, type PricingResult } from './errors';
import { pick } from './patch';

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

/** `discountCodeUpdate`: the code's text, kind and currency never change; usageLimit never drops below the uses so far. */
export async function updateDiscountCode(
  deps: PricingDeps,
  input: UpdateCodeInput,
): Promise<PricingResult<DiscountCodeRow>> {
  const current = isUuid(input.id) ? await codeById(deps.db, input.id) : null;
  if (!current) return refuse('NOT_FOUND', 'No such discount code.', ['id']);
  const amount =
    input.amount != null && current.kind === 'FIXED_AMOUNT'
      ? amountIn(input.amount, current.currency, 'amount')
      : current.amount;
  const minimumSubtotal =
    input.minimumSubtotal === undefined
      ? current.minimumSubtotal
      : amountIn(input.minimumSubtotal, current.currency, 'minimumSubtotal');
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
