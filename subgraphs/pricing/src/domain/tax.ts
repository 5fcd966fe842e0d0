import { isUuid, newId } from '@shop/core';
import type { TaxClassRow, TaxRateRow } from '../db/schema';
import { deleteTaxRateRow, insertTaxClass, insertTaxRate, taxClassById, taxClassByName, taxRateById, updateTaxRateRow } from '../db/tax.store';
import type { PricingDeps } from './deps';
import { refuse, userError, type PricingResult, type PricingUserError } from './errors';
import { runInTransaction } from '@shop/db';

const COUNTRY = /^[A-Za-z]{2}$/;
const REGION = /^[A-Za-z0-9]{1,3}$/;

export async function createTaxClass(deps: PricingDeps, input: { name: string; isDefault?: boolean | null }): Promise<PricingResult<TaxClassRow>> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) return refuse('INVALID', 'A name of 1 to 100 characters is required.', 'name');
  return runInTransaction(
    deps.db,
    async (tx) => {
      if (await taxClassByName(tx, name)) return refuse('NAME_TAKEN', 'A tax class with this name exists already.', 'name');
      return { ok: true, value: await insertTaxClass(tx, { id: newId(), name, isDefault: input.isDefault ?? false }) };
    },
    (v) => (v.constraint === 'tax_classes_name_key' ? userError('NAME_TAKEN', 'A tax class with this name exists already.', 'name') : null),
  );
}

const checkBasisPoints = (bp: number | null | undefined): PricingUserError[] =>
  bp != null && (!Number.isInteger(bp) || bp < 0 || bp > 10000) ? [userError('INVALID', 'basisPoints must be between 0 and 10000.', 'basisPoints')] : [];

const rateExists = (v: { constraint: string }) =>
  v.constraint === 'tax_rates_place_key' ? userError('RATE_EXISTS', 'This class already has a rate for this place.', 'region') : null;

export interface CreateTaxRateInput {
  taxClassId: string;
  country: string;
  region?: string | null;
  basisPoints: number;
  name: string;
}

export async function createTaxRate(deps: PricingDeps, input: CreateTaxRateInput): Promise<PricingResult<TaxRateRow>> {
  const errors: PricingUserError[] = [...checkBasisPoints(input.basisPoints)];
  if (!COUNTRY.test(input.country)) errors.push(userError('INVALID', 'A country is an ISO 3166-1 alpha-2 code, e.g. "US".', 'country'));
  if (input.region != null && !REGION.test(input.region)) errors.push(userError('INVALID', 'A region is an ISO 3166-2 subdivision code, e.g. "CA".', 'region'));
  if (input.name.trim().length === 0 || input.name.length > 100) errors.push(userError('INVALID', 'A name of 1 to 100 characters is required.', 'name'));
  if (errors.length > 0) return { ok: false, errors };
  const taxClass = isUuid(input.taxClassId) ? await taxClassById(deps.db, input.taxClassId) : null;
  if (!taxClass) return refuse('NOT_FOUND', 'No such tax class.', 'taxClassId');
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

export async function updateTaxRate(deps: PricingDeps, input: { id: string; basisPoints?: number | null; name?: string | null }): Promise<PricingResult<TaxRateRow>> {
  const current = isUuid(input.id) ? await taxRateById(deps.db, input.id) : null;
  if (!current) return refuse('NOT_FOUND', 'No such tax rate.', 'id');
  const errors = checkBasisPoints(input.basisPoints);
  if (input.name != null && (input.name.trim().length === 0 || input.name.length > 100)) errors.push(userError('INVALID', 'A name of 1 to 100 characters is required.', 'name'));
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: await updateTaxRateRow(deps.db, current.id, { basisPoints: input.basisPoints ?? current.basisPoints, name: input.name?.trim() ?? current.name }),
  };
}

export async function deleteTaxRate(deps: PricingDeps, input: { id: string }): Promise<PricingResult<{ deletedTaxRateId: string }>> {
  if (!isUuid(input.id) || !(await deleteTaxRateRow(deps.db, input.id))) return refuse('NOT_FOUND', 'No such tax rate.', 'id');
  return { ok: true, value: { deletedTaxRateId: input.id } };
}
