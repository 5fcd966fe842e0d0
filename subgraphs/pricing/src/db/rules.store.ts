import { eq } from 'drizzle-orm';
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
