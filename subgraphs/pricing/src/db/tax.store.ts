import { and, eq, inArray, or, sql } from 'drizzle-orm';
import { idOrderedList, insertRow, rowsByIds, rowWhere, type Executor } from '@shop/db';
import { taxClasses, taxRates, type TaxClassRow, type TaxRateRow } from './schema';

export async function insertTaxClass(tx: Executor, row: typeof taxClasses.$inferInsert): Promise<TaxClassRow> {
  if (row.isDefault) await tx.update(taxClasses).set({ isDefault: false }).where(eq(taxClasses.isDefault, true));
  return insertRow(tx, taxClasses, row);
}

export async function taxClassById(db: Executor, id: string): Promise<TaxClassRow | null> {
  return (await rowWhere(db, taxClasses, eq(taxClasses.id, id))) ?? null;
}

export async function taxClassByName(db: Executor, name: string): Promise<TaxClassRow | null> {
  return (await rowWhere(db, taxClasses, eq(sql`lower(${taxClasses.name})`, name.toLowerCase()))) ?? null;
}

export async function taxClassesByIds(db: Executor, ids: string[]): Promise<TaxClassRow[]> {
  return db.select().from(taxClasses).where(inArray(taxClasses.id, ids));
}

/** Tax rates by id (one statement: the entity loader's batch). */
export const taxRatesByIds = rowsByIds(taxRates);

export async function insertTaxRate(db: Executor, row: typeof taxRates.$inferInsert): Promise<TaxRateRow> {
  return insertRow(db, taxRates, row);
}

export async function taxRateById(db: Executor, id: string): Promise<TaxRateRow | null> {
  return (await rowWhere(db, taxRates, eq(taxRates.id, id))) ?? null;
}

export async function updateTaxRateRow(
  db: Executor,
  id: string,
  set: Partial<typeof taxRates.$inferInsert>,
): Promise<TaxRateRow> {
  const [saved] = await db.update(taxRates).set(set).where(eq(taxRates.id, id)).returning();
  return saved!;
}

export async function deleteTaxRateRow(db: Executor, id: string): Promise<boolean> {
  return (await db.delete(taxRates).where(eq(taxRates.id, id)).returning({ id: taxRates.id })).length > 0;
}

const taxRatesList = idOrderedList(taxRates);
/** A page of taxRates in id (creation) order, either direction. */
export const taxRatesPage = taxRatesList.page;
export const countTaxRates = taxRatesList.count;

/** The default class's rates for a destination: the country-wide rate plus the region's, summed. */
/* destinationBasisPointsQuery: the default class's rates for the destination, summed (built, not sent). */
export function destinationBasisPointsQuery(db: Executor, country: string, region: string | null) {
  return db
    .select({ basisPoints: sql<number>`coalesce(sum(${taxRates.basisPoints}), 0)::int`.as('basis_points') })
    .from(taxRates)
    .innerJoin(taxClasses, eq(taxClasses.id, taxRates.taxClassId))
    .where(
      and(
        eq(taxClasses.isDefault, true),
        eq(taxRates.country, country.toUpperCase()),
        or(eq(taxRates.region, ''), eq(taxRates.region, (region ?? '').toUpperCase())),
      ),
    );
}
