import { resolve } from 'node:path';
import type { SubgraphDefinition } from '@shop/server';
import { commandHandlers } from './commands';
import { createContext, ordersDepsOf, type Context, type OrdersSettings } from './context';
import { busTablesOfOrders } from './db/schema';
import { cartSettingsFromEnv } from './domain/cart-settings';
import { eventHandlers } from './events';
import { globalIds } from './global-ids';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoOrders } from './seed';

export interface OrdersOptions {
  /** Defaults to the environment (domain/cart-settings.ts); tests pass their own. */
  settings?: Partial<OrdersSettings>;
}

export const ordersSettingsFromEnv = (env: NodeJS.ProcessEnv = process.env): OrdersSettings => ({
  cart: cartSettingsFromEnv(env),
});

/** The orders subgraph (DESIGN.md §2, §4): carts, wishlists, orders and the checkout saga. */
export function createOrdersSubgraph(options: OrdersOptions = {}): SubgraphDefinition<Context> {
  const settings: OrdersSettings = { ...ordersSettingsFromEnv(), ...options.settings };
  return {
    name: 'orders',
    schemaFile: resolve(__dirname, '../../../schema/orders.graphql'),
    resolvers,
    permissions,
    globalIds,
    migrationsFolder: resolve(__dirname, '../drizzle'),
    tables: busTablesOfOrders,
    createContext: (base, deps) => createContext(base, deps, settings),
    commands: () => commandHandlers(),
    consumers: (deps) => eventHandlers(ordersDepsOf(deps, settings)),
    async seed(deps) {
      const seeded = await seedDemoOrders(ordersDepsOf(deps, settings));
      deps.logger.info(seeded, 'orders demo data seeded');
    },
  };
}

/** The orders subgraph configured from the environment. */
export const ordersSubgraph = createOrdersSubgraph();

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = ordersSubgraph;
