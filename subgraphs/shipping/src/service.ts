import { resolve } from 'node:path';
import type { SubgraphDefinition } from '@shop/server';
import { commandHandlers } from './commands';
import { createContext, shippingDepsOf, type Context } from './context';
import { busTablesOfShipping } from './db/schema';
import { eventHandlers } from './events';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoItems } from './seed';

/** The shipping subgraph. */
export const shippingSubgraph: SubgraphDefinition<Context> = {
  name: 'shipping',
  schemaFile: resolve(__dirname, '../../../schema/shipping.graphql'),
  resolvers,
  permissions,
  // The type each ID names besides an object's own `id` (e.g. `'FooInput.itemId': 'ShippingItem'`): none yet.
  globalIds: {},
  migrationsFolder: resolve(__dirname, '../drizzle'),
  tables: busTablesOfShipping,
  createContext,
  commands: () => commandHandlers(),
  consumers: () => eventHandlers(),
  async seed(deps) {
    const seeded = await seedDemoItems(shippingDepsOf(deps));
    deps.logger.info(seeded, 'shipping demo data seeded');
  },
};

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = shippingSubgraph;
