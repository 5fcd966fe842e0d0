import { and, count, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import { pageOrder, pastCursor, type Executor, type KeysetPage } from '@shop/db';
import { pricingRules, type PricingRuleRow } from './schema';

export async function insertRule(db: Executor, row: typeof pricingRules.$inferInsert): Promise<PricingRuleRow> {
  const [saved] = await db.insert(pricingRules).values(row).returning();
  return saved!;
}

export async function ruleById(db: Executor, id: string): Promise<PricingRuleRow | null> {
  const [row] = await db.select().from(pricingRules).where(eq(pricingRules.id, id));
  return row ?? null;
}

export async function updateRuleRow(db: Executor, id: string, set: Partial<typeof pricingRules.$inferInsert>): Promise<PricingRuleRow> {
  const [saved] = await db.update(pricingRules).set(set).where(eq(pricingRules.id, id)).returning();
  return saved!;
}

export async function deleteRuleRow(db: Executor, id: string): Promise<boolean> {
  const deleted = await db.delete(pricingRules).where(eq(pricingRules.id, id)).returning({ id: pricingRules.id });
  return deleted.length > 0;
}

/** A page of rules in id (creation) order after `afterId`. */
export async function rulesPage(db: Executor, page: KeysetPage<string>): Promise<PricingRuleRow[]> {
  return db
    .select()
    .from(pricingRules)
    .where(page.cursor ? pastCursor([pricingRules.id], [sql`${page.cursor}::uuid`], 'asc', page.backward) : undefined)
    .orderBy(...pageOrder([pricingRules.id], 'asc', page.backward))
    .limit(page.limit);
}

export async function countRules(db: Executor): Promise<number> {
  const [row] = await db.select({ total: count() }).from(pricingRules);
  return row?.total ?? 0;
}

/** Every rule valid at `at` (a quote filters them further per line). */
export async function rulesValidAt(db: Executor, at: Date): Promise<PricingRuleRow[]> {
  return db
    .select()
    .from(pricingRules)
    .where(and(or(isNull(pricingRules.startsAt), lte(pricingRules.startsAt, at)), or(isNull(pricingRules.endsAt), gte(pricingRules.endsAt, at))));
}
