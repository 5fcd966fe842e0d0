import { ownerViewerOf, platformDepsOf } from '@shop/server';
import type { BaseContext, Identity, RequestContext, SubgraphDeps } from '@shop/server';
import { createLoaders, type Loaders } from './db/loaders';
import { cartUseCases, type CartUseCases } from './domain/cart-use-cases';
import { DEFAULT_CART_SETTINGS, type CartSettings } from './domain/cart-settings';
import { checkoutCarts } from './db/checkout-carts.store';
import type { CheckoutCarts, CheckoutSettings, OrdersDeps } from './domain/deps';
import { orderUseCases, type OrderUseCases } from './domain/orders';
import { checkoutSettingsFromEnv } from './domain/settings';
import { wishlistUseCases, type WishlistUseCases } from './domain/wishlist-use-cases';
import type { Viewer } from './domain/viewer';
import { ORDERS_MANAGE } from './permissions';

/** What every orders resolver receives. */
export interface Context extends RequestContext<Viewer, Loaders> {
  /** Carts and wishlists, bound to this request's viewer and loaders. */
  carts: CartUseCases;
  wishlists: WishlistUseCases;
  /** Orders and checkout, bound to this request's viewer and loaders. */
  orders: OrderUseCases;
}

/** The subgraph's settings (environment by default; tests pass their own). */
export interface OrdersSettings {
  cart: CartSettings;
  checkout: CheckoutSettings;
}

export const DEFAULT_ORDERS_SETTINGS: OrdersSettings = {
  cart: DEFAULT_CART_SETTINGS,
  checkout: checkoutSettingsFromEnv({}),
};

export const ordersDepsOf = (
  deps: SubgraphDeps,
  settings: OrdersSettings = DEFAULT_ORDERS_SETTINGS,
  carts: CheckoutCarts = checkoutCarts,
): OrdersDeps => ({
  ...platformDepsOf(deps),
  bus: deps.bus,
  cart: settings.cart,
  checkout: settings.checkout,
  carts,
});

export const viewerOf = (identity: Identity): Viewer => ownerViewerOf(identity, ORDERS_MANAGE);

export function createContext(
  base: BaseContext,
  deps: SubgraphDeps,
  settings: OrdersSettings = DEFAULT_ORDERS_SETTINGS,
  checkoutCartsOf: CheckoutCarts = checkoutCarts,
): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(deps.database.db);
  const ordersDeps = { ...ordersDepsOf(deps, settings, checkoutCartsOf), logger: base.logger };
  const carts = cartUseCases(ordersDeps, viewer, loaders);
  const wishlists = wishlistUseCases(ordersDeps, viewer, loaders);
  const orders = orderUseCases(ordersDeps, viewer, loaders);
  return { ...base, viewer, loaders, carts, wishlists, orders };
}
