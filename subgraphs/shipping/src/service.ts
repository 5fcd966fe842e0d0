import { resolve } from 'node:path';
import type { SubgraphDefinition } from '@shop/server';
import { commandHandlers } from './commands';
import { createContext, shippingDepsOf, type Context } from './context';
import { busTablesOfShipping } from './db/schema';
import { eventHandlers } from './events';
import { globalIds } from './global-ids';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoShipping } from './seed';

/** The shipping subgraph (DESIGN.md §2): zones, methods, rates and `shipping.quote`. */
export const shippingSubgraph: SubgraphDefinition<Context> = {
  name: 'shipping',
  schemaFile: resolve(__dirname, '../../../schema/shipping.graphql'),
  resolvers,
  permissions,
  globalIds,
  migrationsFolder: resolve(__dirname, '../drizzle'),
  tables: busTablesOfShipping,
  createContext,
  commands: (deps) => commandHandlers(shippingDepsOf(deps)),
  consumers: () => eventHandlers(),
  async seed(deps) {
    const seeded = await seedDemoShipping(shippingDepsOf(deps));
    deps.logger.info(seeded, 'shipping demo data seeded');
  },
};

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = shippingSubgraph;
