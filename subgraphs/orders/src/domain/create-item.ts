import { z } from 'zod';
import { newId, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { insertItem } from '../db/items.store';
import type { ItemRow } from '../db/schema';
import type { OrdersDeps } from './deps';
import { nameTaken, type OrdersResult } from './errors';
import { nameField, parseInput } from './validation';
import type { Viewer } from './viewer';

const itemCreateInput = z.object({ name: nameField });

export type ItemCreateInput = z.input<typeof itemCreateInput>;

/**
 * ordersItemCreate: a new item with a unique name. The item and its `orders.item_created` event commit together (outbox);
 * the unique index, not a pre-check, decides a race of two creates with one name.
 */
export async function createItem(
  deps: OrdersDeps,
  viewer: Viewer,
  input: ItemCreateInput,
): Promise<OrdersResult<ItemRow>> {
  const parsed = parseInput(itemCreateInput, input);
  if (!parsed.ok) return parsed;
  return runInTransaction(
    deps.db,
    async (tx) => {
      const item = await insertItem(tx, { id: newId(), name: parsed.value.name });
      await deps.emit(tx, {
        type: 'orders.item_created',
        subject: item.id,
        data: { itemId: item.id, name: item.name },
        actor: viewer.actor,
      });
      return ok(item);
    },
    (violation) => (violation.kind === 'unique' && violation.constraint === 'items_name_key' ? nameTaken() : null),
  );
}
