import { isUuid } from '@shop/core';
import { deleteTaxRateRow } from '../db/tax.store';
import type { PricingDeps } from './deps';
import { refuse, type PricingResult } from './errors';

/** `taxRateDelete`: later quotes no longer apply the rate. */
export async function deleteTaxRate(
  deps: PricingDeps,
  input: { id: string },
): Promise<PricingResult<{ deletedTaxRateId: string }>> {
  if (!isUuid(input.id) || !(await deleteTaxRateRow(deps.db, input.id)))
    return refuse('NOT_FOUND', 'No such tax rate.', ['id']);
  return { ok: true, value: { deletedTaxRateId: input.id } };
}
