import type { Loaders } from '../db/loaders';
import type { TaxClassRow } from '../db/schema';

/** The class a tax rate belongs to: a foreign key, so its absence is a bug, thrown as one. */
export async function taxClassOf(loaders: Loaders, taxClassId: string): Promise<TaxClassRow> {
  const taxClass = await loaders.taxClassById.load(taxClassId);
  if (!taxClass) throw new Error(`tax class ${taxClassId} is missing`);
  return taxClass;
}
