import { resolve } from 'node:path';
import { busTablesOf } from '@shop/bus';
import type { SubgraphDefinition } from '@shop/server';
import { commandHandlers } from './commands';
import { catalogDepsOf, createContext, type Context } from './context';
import { globalIds } from './global-ids';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoCatalog } from './seed';

/** The products subgraph: catalog, variants, media and the category tree (DESIGN.md §2). */
export const productsSubgraph: SubgraphDefinition<Context> = {
  name: 'products',
  schemaFile: resolve(__dirname, '../../../schema/products.graphql'),
  resolvers,
  permissions,
  globalIds,
  migrationsFolder: resolve(__dirname, '../drizzle'),
  tables: busTablesOf('products'),
  createContext,
  commands: (deps) => commandHandlers(catalogDepsOf(deps)),
  async seed(deps) {
    const seeded = await seedDemoCatalog(catalogDepsOf(deps));
    deps.logger.info(seeded, 'products demo catalog seeded');
  },
};

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = productsSubgraph;
