import type { BaseContext, Identity, SubgraphDeps } from '@shop/server';
import type { Actor } from '@shop/events';
import { createLoaders, type Loaders } from './db/loaders';
import type { ShippingDeps } from './domain/deps';
import { shippingUseCases, type ShippingUseCases } from './domain/shipping';
import type { Viewer } from './domain/viewer';

/** What every shipping resolver receives. */
export interface Context extends BaseContext {
  viewer: Viewer;
  /** Per-request DataLoaders for every entity lookup. */
  loaders: Loaders;
  /** The use cases, bound to this request's viewer and loaders. */
  shipping: ShippingUseCases;
}

export const shippingDepsOf = (deps: SubgraphDeps): ShippingDeps => ({
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
  const shipping = shippingUseCases({ ...shippingDepsOf(deps), logger: base.logger }, viewer, loaders);
  return { ...base, viewer, loaders, shipping };
}
