import { resolve } from 'node:path';
import { busTablesOf } from '@shop/bus';
import type { SubgraphDefinition, SubgraphDeps } from '@shop/server';
import { commandHandlers } from './commands';
import { createContext, ordersDepsOf, type Context, type OrdersSettings } from './context';
import { cartSettingsFromEnv } from './domain/cart-settings';
import type { CheckoutCarts } from './domain/deps';
import { startSagaRecovery } from './domain/saga-recovery';
import { checkoutSettingsFromEnv } from './domain/settings';
import { eventHandlers } from './events';
import { globalIds } from './global-ids';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoOrders } from './seed';

export interface OrdersOptions {
  /** Defaults to the environment (domain/cart-settings.ts); tests pass their own. */
  settings?: Partial<OrdersSettings>;
  /** Where checkout reads carts; defaults to the cart tables (tests of the saga alone pass a stand-in). */
  carts?: CheckoutCarts;
}

export const ordersSettingsFromEnv = (env: NodeJS.ProcessEnv = process.env): OrdersSettings => ({
  cart: cartSettingsFromEnv(env),
  checkout: checkoutSettingsFromEnv(env),
});

/** The orders subgraph (DESIGN.md §2, §4): carts, wishlists, orders and the checkout saga. */
export function createOrdersSubgraph(options: OrdersOptions = {}): SubgraphDefinition<Context> {
  const settings: OrdersSettings = { ...ordersSettingsFromEnv(), ...options.settings };
  const depsOf = (deps: SubgraphDeps) => ordersDepsOf(deps, settings, options.carts);
  return {
    name: 'orders',
    schemaFile: resolve(__dirname, '../../../schema/orders.graphql'),
    resolvers,
    permissions,
    globalIds,
    migrationsFolder: resolve(__dirname, '../drizzle'),
    tables: busTablesOf('orders'),
    createContext: (base, deps) => createContext(base, deps, settings, options.carts),
    commands: () => commandHandlers(),
    consumers: (deps) => eventHandlers(depsOf(deps)),
    // Checkout recovery: at start-up and periodically, every saga past its deadline is resumed or compensated.
    start: (deps) => Promise.resolve(startSagaRecovery(depsOf(deps))),
    async seed(deps) {
      const seeded = await seedDemoOrders(depsOf(deps));
      deps.logger.info(seeded, 'orders demo data seeded');
    },
  };
}

/** The orders subgraph configured from the environment. */
export const ordersSubgraph = createOrdersSubgraph();

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = ordersSubgraph;
