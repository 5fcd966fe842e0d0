import { platformDepsOf } from '@shop/server';
import type { BaseContext, Identity, RequestContext, SubgraphDeps } from '@shop/server';
import { createLoaders, type Loaders } from './db/loaders';
import { reservationTtlFromEnv, type InventoryDeps } from './domain/deps';
import { createInventory, type Inventory } from './domain/inventory';
import type { Viewer } from './domain/viewer';

/** What every inventory resolver receives: its use cases, bound to this request's viewer and loaders. */
export interface Context extends RequestContext<Viewer, Loaders> {
  inventory: Inventory;
}

export const inventoryDepsOf = (deps: SubgraphDeps): InventoryDeps => ({
  ...platformDepsOf(deps),
  defaultReservationTtlSeconds: reservationTtlFromEnv(),
});

export const viewerOf = (identity: Identity): Viewer => ({
  actorId: identity.kind === 'user' ? identity.userId : null,
});

export function createContext(base: BaseContext, subgraphDeps: SubgraphDeps): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(subgraphDeps.database.db);
  const inventory = createInventory({ ...inventoryDepsOf(subgraphDeps), logger: base.logger }, viewer, loaders);
  return { ...base, viewer, loaders, inventory };
}
