import { identityHasPermission, type BaseContext, type Identity, type SubgraphDeps } from '@shop/server';
import type { Actor } from '@shop/events';
import { checkoutCarts } from './db/checkout-carts.store';
import { createLoaders, type Loaders } from './db/loaders';
import type { CheckoutCarts, CheckoutSettings, OrdersDeps } from './domain/deps';
import { itemUseCases, type ItemUseCases } from './domain/items';
import { orderUseCases, type OrderUseCases } from './domain/orders';
import { checkoutSettingsFromEnv } from './domain/settings';
import type { Viewer } from './domain/viewer';
import { ORDERS_MANAGE } from './permissions';

/** What every orders resolver receives. */
export interface Context extends BaseContext {
  viewer: Viewer;
  /** Per-request DataLoaders for every entity lookup. */
  loaders: Loaders;
  /** The use cases, bound to this request's viewer and loaders. */
  items: ItemUseCases;
  /** Orders and checkout (orders-checkout). */
  orders: OrderUseCases;
}

export const ordersDepsOf = (
  deps: SubgraphDeps,
  settings: CheckoutSettings = checkoutSettingsFromEnv(),
  carts: CheckoutCarts = checkoutCarts,
): OrdersDeps => ({
  db: deps.database.db,
  emit: deps.bus.emit,
  logger: deps.logger,
  call: deps.bus.call.bind(deps.bus),
  settings,
  carts,
});

function actorOf(identity: Identity): Actor | null {
  if (identity.kind !== 'user') return null;
  return { kind: identity.staff ? 'staff' : 'user', id: identity.userId };
}

export function viewerOf(identity: Identity): Viewer {
  return {
    actor: actorOf(identity),
    userId: identity.kind === 'user' ? identity.userId : null,
    ordersManager: identityHasPermission(identity, ORDERS_MANAGE),
  };
}

export function createContext(
  base: BaseContext,
  deps: SubgraphDeps,
  settings?: CheckoutSettings,
  carts?: CheckoutCarts,
): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(deps.database.db);
  const ordersDeps = { ...ordersDepsOf(deps, settings, carts), logger: base.logger };
  const items = itemUseCases(ordersDeps, viewer, loaders);
  const orders = orderUseCases(ordersDeps, viewer, loaders);
  return { ...base, viewer, loaders, items, orders };
}
