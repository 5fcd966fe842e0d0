import {
  badInput,
  cursorPart,
  emptyConnection,
  isUuid,
  pageWindow,
  toConnection,
  type Connection,
  type PageArgs,
} from '@shop/core';
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
  const window = pageWindow(args, 2);
  const cursor = window.cursor
    ? { path: cursorPart.text(window.cursor[0]), id: cursorPart.uuid(window.cursor[1]) }
    : null;
  const filter: CategoryFilterSpec = { parentId: args.parentId ?? null, rootsOnly: args.rootsOnly ?? false };
  if (filter.parentId !== null && !isUuid(filter.parentId)) {
    return emptyConnection(window);
  }
  const rows = await findCategoryPage(db, { filter, cursor, backward: window.backward, limit: window.limit });
  return toConnection(
    rows,
    window,
    (row) => [row.path, row.id],
    () => countCategories(db, filter),
  );
}
