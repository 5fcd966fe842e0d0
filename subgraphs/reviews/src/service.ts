import { resolve } from 'node:path';
import { busTablesOf } from '@shop/bus';
import type { SubgraphDefinition } from '@shop/server';
import { createContext, reviewsDepsOf, type Context } from './context';
import { eventHandlers } from './events';
import { globalIds } from './global-ids';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoReviews } from './seed';

/** The reviews subgraph: product reviews, moderation, helpful votes and ratings (DESIGN.md §2). */
export const reviewsSubgraph: SubgraphDefinition<Context> = {
  name: 'reviews',
  schemaFile: resolve(__dirname, '../../../schema/reviews.graphql'),
  resolvers,
  permissions,
  globalIds,
  migrationsFolder: resolve(__dirname, '../drizzle'),
  tables: busTablesOf('reviews'),
  createContext,
  consumers: () => eventHandlers(),
  async seed(deps) {
    const seeded = await seedDemoReviews(deps.bus, reviewsDepsOf(deps));
    deps.logger.info(seeded, 'reviews demo data seeded');
  },
};

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = reviewsSubgraph;
