import { isUuid } from '@shop/core';
import { codeById, updateCodeRow } from '../db/codes.store';
import type { DiscountCodeRow } from '../db/schema';
import type { PricingDeps } from './deps';
import { refuse, type PricingResult } from './errors';

/** `discountCodeDeactivate`: the code stops applying; its redemptions stay recorded. */
export async function deactivateDiscountCode(
  deps: PricingDeps,
  input: { id: string },
): Promise<PricingResult<DiscountCodeRow>> {
  const current = isUuid(input.id) ? await codeById(deps.db, input.id) : null;
  if (!current) return refuse('NOT_FOUND', 'No such discount code.', ['id']);
  return { ok: true, value: await updateCodeRow(deps.db, current.id, { active: false }) };
}
