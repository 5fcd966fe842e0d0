import { identityHasPermission, type BaseContext, type Identity, type SubgraphDeps } from '@shop/server';
import type { Actor } from '@shop/events';
import { createLoaders, type Loaders } from './db/loaders';
import type { ShippingDeps } from './domain/deps';
import { shippingUseCases, type ShippingUseCases } from './domain/shipping';
import type { ShippingSettings } from './domain/settings';
import type { Viewer } from './domain/viewer';
import { ORDERS_MANAGE, SHIPPING_MANAGE } from './permissions';

/** What every shipping resolver receives. */
export interface Context extends BaseContext {
  viewer: Viewer;
  /** Per-request DataLoaders for every entity lookup. */
  loaders: Loaders;
  /** The use cases, bound to this request's viewer and loaders. */
  shipping: ShippingUseCases;
}

export const shippingDepsOf = (deps: SubgraphDeps, settings: ShippingSettings): ShippingDeps => ({
  db: deps.database.db,
  emit: deps.bus.emit,
  logger: deps.logger,
  settings,
});

function actorOf(identity: Identity): Actor | null {
  if (identity.kind !== 'user') return null;
  return { kind: identity.staff ? 'staff' : 'user', id: identity.userId };
}

export function viewerOf(identity: Identity): Viewer {
  const manages = identityHasPermission(identity, SHIPPING_MANAGE);
  return {
    actor: actorOf(identity),
    userId: identity.kind === 'user' ? identity.userId : null,
    seesAllShipments: manages || identityHasPermission(identity, ORDERS_MANAGE),
    managesShipping: manages,
  };
}

export function createContext(base: BaseContext, deps: SubgraphDeps, settings: ShippingSettings): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(deps.database.db);
  const shipping = shippingUseCases({ ...shippingDepsOf(deps, settings), logger: base.logger }, viewer, loaders);
  return { ...base, viewer, loaders, shipping };
}
