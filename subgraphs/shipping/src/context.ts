import { identityHasPermission, ownerViewerOf, platformDepsOf } from '@shop/server';
import type { BaseContext, Identity, RequestContext, SubgraphDeps } from '@shop/server';
import { createLoaders, type Loaders } from './db/loaders';
import type { ShippingDeps } from './domain/deps';
import { shippingUseCases, type ShippingUseCases } from './domain/shipping';
import type { ShippingSettings } from './domain/settings';
import type { Viewer } from './domain/viewer';
import { ORDERS_MANAGE, SHIPPING_MANAGE } from './permissions';

/** What every shipping resolver receives: its use cases, bound to this request's viewer and loaders. */
export interface Context extends RequestContext<Viewer, Loaders> {
  shipping: ShippingUseCases;
}

export const shippingDepsOf = (deps: SubgraphDeps, settings: ShippingSettings): ShippingDeps => ({
  ...platformDepsOf(deps),
  settings,
});

/** Every order's shipments are seen by shipping's staff and orders' (`manager`); labels by shipping's only. */
export const viewerOf = (identity: Identity): Viewer => ({
  ...ownerViewerOf(identity, SHIPPING_MANAGE, ORDERS_MANAGE),
  managesShipping: identityHasPermission(identity, SHIPPING_MANAGE),
});

export function createContext(base: BaseContext, deps: SubgraphDeps, settings: ShippingSettings): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(deps.database.db);
  const shipping = shippingUseCases({ ...shippingDepsOf(deps, settings), logger: base.logger }, viewer, loaders);
  return { ...base, viewer, loaders, shipping };
}
