import { isUuid, newId } from '@shop/core';
import { runInTransaction } from '@shop/db';
import type { TaxRateRow } from '../db/schema';
import { insertTaxRate, taxClassById } from '../db/tax.store';
import type { PricingDeps } from './deps';
import { refuse, userError, type PricingResult, type PricingUserError } from './errors';
import { checkBasisPoints, checkName, COUNTRY, REGION } from './tax-rate-values';

export interface CreateTaxRateInput {
  taxClassId: string;
  country: string;
  region?: string | null;
  basisPoints: number;
  name: string;
}

const rateExists = (v: { constraint: string }) =>
  v.constraint === 'tax_rates_place_key'
    ? userError('RATE_EXISTS', 'This class already has a rate for this place.', ['region'])
    : null;

/** `taxRateCreate`: one rate per class and place (country, or country and region). */
export async function createTaxRate(deps: PricingDeps, input: CreateTaxRateInput): Promise<PricingResult<TaxRateRow>> {
  const errors: PricingUserError[] = [...checkBasisPoints(input.basisPoints)];
  if (!COUNTRY.test(input.country))
    errors.push(userError('INVALID', 'A country is an ISO 3166-1 alpha-2 code, e.g. "US".', ['country']));
  if (input.region != null && !REGION.test(input.region))
    errors.push(userError('INVALID', 'A region is an ISO 3166-2 subdivision code, e.g. "CA".', ['region']));
  errors.push(...checkName(input.name));
  if (errors.length > 0) return { ok: false, errors };
  const taxClass = isUuid(input.taxClassId) ? await taxClassById(deps.db, input.taxClassId) : null;
  if (!taxClass) return refuse('NOT_FOUND', 'No such tax class.', ['taxClassId']);
  return runInTransaction(
    deps.db,
    async (tx) => ({
      ok: true,
      value: await insertTaxRate(tx, {
        id: newId(),
        taxClassId: taxClass.id,
        country: input.country.toUpperCase(),
        region: (input.region ?? '').toUpperCase(),
        basisPoints: input.basisPoints,
        name: input.name.trim(),
      }),
    }),
    rateExists,
  );
}
