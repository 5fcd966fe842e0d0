import { writesThen, type PageArgs } from '@shop/core';
import { clearLoaders, type Loaders } from '../db/loaders';
import { createItem, type ItemCreateInput } from './create-item';
import type { OrdersDeps } from './deps';
import { listItems } from './list-items';
import type { Viewer } from './viewer';

/**
 * The orders use cases bound to one request's viewer and loaders: what resolvers call. Writes clear the loaders
 * afterwards, so fields resolved after a mutation read what was just written.
 */
export function itemUseCases(deps: OrdersDeps, viewer: Viewer, loaders: Loaders) {
  const write = writesThen(() => clearLoaders(loaders));
  return {
    findItem: (id: string) => loaders.itemById.load(id),
    listItems: (args: PageArgs) => listItems(deps.db, args),
    createItem: write((input: ItemCreateInput) => createItem(deps, viewer, input)),
  };
}

export type ItemUseCases = ReturnType<typeof itemUseCases>;
