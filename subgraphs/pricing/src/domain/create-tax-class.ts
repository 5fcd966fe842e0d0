import { newId } from '@shop/core';
import { runInTransaction } from '@shop/db';
import type { TaxClassRow } from '../db/schema';
import { insertTaxClass, taxClassByName } from '../db/tax.store';
import type { PricingDeps } from './deps';
import { refuse, userError, type PricingResult } from './errors';

export interface CreateTaxClassInput {
  name: string;
  isDefault?: boolean | null;
}

/** `taxClassCreate`: names are unique ignoring case; a new default class takes over from the old one. */
export async function createTaxClass(
  deps: PricingDeps,
  input: CreateTaxClassInput,
): Promise<PricingResult<TaxClassRow>> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100)
    return refuse('INVALID', 'A name of 1 to 100 characters is required.', ['name']);
  return runInTransaction(
    deps.db,
    async (tx) => {
      if (await taxClassByName(tx, name))
        return refuse('NAME_TAKEN', 'A tax class with this name exists already.', ['name']);
      return { ok: true, value: await insertTaxClass(tx, { id: newId(), name, isDefault: input.isDefault ?? false }) };
    },
    (v) =>
      v.constraint === 'tax_classes_name_key'
        ? userError('NAME_TAKEN', 'A tax class with this name exists already.', ['name'])
        : null,
  );
}
