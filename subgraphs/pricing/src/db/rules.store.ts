import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import { idOrderedList, insertRow, rowsByIds, rowWhere, type Executor } from '@shop/db';
import { pricingRules, type PricingRuleRow } from './schema';

export async function insertRule(db: Executor, row: typeof pricingRules.$inferInsert): Promise<PricingRuleRow> {
  return insertRow(db, pricingRules, row);
}

export async function ruleById(db: Executor, id: string): Promise<PricingRuleRow | null> {
  return (await rowWhere(db, pricingRules, eq(pricingRules.id, id))) ?? null;
}

export async function updateRuleRow(
  db: Executor,
  id: string,
  set: Partial<typeof pricingRules.$inferInsert>,
): Promise<PricingRuleRow> {
  const [saved] = await db.update(pricingRules).set(set).where(eq(pricingRules.id, id)).returning();
  return saved!;
}

export async function deleteRuleRow(db: Executor, id: string): Promise<boolean> {
  const deleted = await db.delete(pricingRules).where(eq(pricingRules.id, id)).returning({ id: pricingRules.id });
  return deleted.length > 0;
}

/** Rules by id (one statement: the entity loader's batch). */
export const rulesByIds = rowsByIds(pricingRules);

const pricingRulesList = idOrderedList(pricingRules);
/** A page of pricingRules in id (creation) order, either direction. */
export const rulesPage = pricingRulesList.page;
export const countRules = pricingRulesList.count;

/** Every rule valid at `at` (a quote filters them further per line). */
export async function rulesValidAt(db: Executor, at: Date): Promise<PricingRuleRow[]> {
  return db
    .select()
    .from(pricingRules)
    .where(
      and(
        or(isNull(pricingRules.startsAt), lte(pricingRules.startsAt, at)),
        or(isNull(pricingRules.endsAt), gte(pricingRules.endsAt, at)),
      ),
    );
}
