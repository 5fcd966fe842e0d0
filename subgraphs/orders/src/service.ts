import { resolve } from 'node:path';
import type { SubgraphDefinition } from '@shop/server';
import { commandHandlers } from './commands';
import { createContext, ordersDepsOf, type Context } from './context';
import { busTablesOfOrders } from './db/schema';
import { eventHandlers } from './events';
import { globalIds } from './global-ids';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoItems } from './seed';

/** The orders subgraph. */
export const ordersSubgraph: SubgraphDefinition<Context> = {
  name: 'orders',
  schemaFile: resolve(__dirname, '../../../schema/orders.graphql'),
  resolvers,
  permissions,
  globalIds,
  migrationsFolder: resolve(__dirname, '../drizzle'),
  tables: busTablesOfOrders,
  createContext,
  commands: () => commandHandlers(),
  consumers: () => eventHandlers(),
  async seed(deps) {
    const seeded = await seedDemoItems(ordersDepsOf(deps));
    deps.logger.info(seeded, 'orders demo data seeded');
  },
};

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = ordersSubgraph;
