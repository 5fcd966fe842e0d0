import { keysetConnection, badInput, cursorPart, isUuid, type Connection, type PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import { countCategories, findCategoryPage, type CategoryFilterSpec } from '../db/categories.store';
import type { CategoryRow } from '../db/schema';

export interface CategoryListArgs extends PageArgs {
  parentId?: string | null;
  rootsOnly?: boolean | null;
}

/** `categories(...)`: the tree in path order (a parent right before its subtree), keyset-paginated on the path. */
export async function listCategories(db: Executor, args: CategoryListArgs): Promise<Connection<CategoryRow>> {
  if (args.parentId != null && args.rootsOnly)
    throw badInput('Pass either `parentId` or `rootsOnly`, not both.', ['parentId']);
  const filter: CategoryFilterSpec = { parentId: args.parentId ?? null, rootsOnly: args.rootsOnly ?? false };
  return keysetConnection(args, {
    cursorLength: 2,
    decode: ([path, id]) => ({ path: cursorPart.text(path), id: cursorPart.uuid(id) }),
    encode: (row) => [row.path, row.id],
    fetch:
      filter.parentId !== null && !isUuid(filter.parentId) ? null : (page) => findCategoryPage(db, { filter, ...page }),
    count: () => countCategories(db, filter),
  });
}
