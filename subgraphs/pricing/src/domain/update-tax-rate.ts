import { isUuid } from '@shop/core';
import type { TaxRateRow } from '../db/schema';
import { taxRateById, updateTaxRateRow } from '../db/tax.store';
import type { PricingDeps } from './deps';
import { refuse, type PricingResult } from './errors';
import { checkBasisPoints, checkName } from './tax-rate-values';

export interface UpdateTaxRateInput {
  id: string;
  basisPoints?: number | null;
  name?: string | null;
}

/** `taxRateUpdate`: only the rate and its name change; the place and class are the rate's identity. */
export async function updateTaxRate(deps: PricingDeps, input: UpdateTaxRateInput): Promise<PricingResult<TaxRateRow>> {
  const current = isUuid(input.id) ? await taxRateById(deps.db, input.id) : null;
  if (!current) return refuse('NOT_FOUND', 'No such tax rate.', ['id']);
  const errors = [...checkBasisPoints(input.basisPoints), ...(input.name != null ? checkName(input.name) : [])];
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: await updateTaxRateRow(deps.db, current.id, {
      basisPoints: input.basisPoints ?? current.basisPoints,
      name: input.name?.trim() ?? current.name,
    }),
  };
}
