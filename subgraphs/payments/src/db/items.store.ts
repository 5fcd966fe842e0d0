import { inArray } from 'drizzle-orm';
import { idOrderedList, type Executor, type KeysetPage } from '@shop/db';
import { items, type ItemRow } from './schema';

/** Every SQL statement on payments.items, named after what it reads or writes. */

const list = idOrderedList(items);

export async function itemsByIds(db: Executor, ids: readonly string[]): Promise<ItemRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(items)
    .where(inArray(items.id, [...ids]));
}

export async function insertItem(tx: Executor, values: { id: string; name: string }): Promise<ItemRow> {
  const [row] = await tx.insert(items).values(values).returning();
  return row!;
}

/** One page in id (creation) order, either direction. */
export const itemPage = (db: Executor, page: KeysetPage<string>): Promise<ItemRow[]> => list.page(db, page);

export const countItems = (db: Executor): Promise<number> => list.count(db);
