import type { BaseContext, Identity, SubgraphDeps } from '@shop/server';
import type { Actor } from '@shop/events';
import { createLoaders, type Loaders } from './db/loaders';
import type { PaymentsDeps } from './domain/deps';
import { itemUseCases, type ItemUseCases } from './domain/items';
import type { Viewer } from './domain/viewer';

/** What every payments resolver receives. */
export interface Context extends BaseContext {
  viewer: Viewer;
  /** Per-request DataLoaders for every entity lookup. */
  loaders: Loaders;
  /** The use cases, bound to this request's viewer and loaders. */
  items: ItemUseCases;
}

export const paymentsDepsOf = (deps: SubgraphDeps): PaymentsDeps => ({
  db: deps.database.db,
  emit: deps.bus.emit,
  logger: deps.logger,
});

function actorOf(identity: Identity): Actor | null {
  if (identity.kind !== 'user') return null;
  return { kind: identity.staff ? 'staff' : 'user', id: identity.userId };
}

export function viewerOf(identity: Identity): Viewer {
  return { actor: actorOf(identity) };
}

export function createContext(base: BaseContext, deps: SubgraphDeps): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(deps.database.db);
  const items = itemUseCases({ ...paymentsDepsOf(deps), logger: base.logger }, viewer, loaders);
  return { ...base, viewer, loaders, items };
}
