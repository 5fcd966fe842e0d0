import { resolve } from 'node:path';
import type { SubgraphDefinition } from '@shop/server';
import { commandHandlers } from './commands';
import { createContext, paymentsDepsOf, type Context } from './context';
import { busTablesOfPayments } from './db/schema';
import { eventHandlers } from './events';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoItems } from './seed';

/** The payments subgraph. */
export const paymentsSubgraph: SubgraphDefinition<Context> = {
  name: 'payments',
  schemaFile: resolve(__dirname, '../../../schema/payments.graphql'),
  resolvers,
  permissions,
  // The type each ID names besides an object's own `id` (e.g. `'FooInput.itemId': 'PaymentsItem'`): none yet.
  globalIds: {},
  migrationsFolder: resolve(__dirname, '../drizzle'),
  tables: busTablesOfPayments,
  createContext,
  commands: (deps) => commandHandlers(paymentsDepsOf(deps)),
  consumers: () => eventHandlers(),
  async seed(deps) {
    const seeded = await seedDemoItems(paymentsDepsOf(deps));
    deps.logger.info(seeded, 'payments demo data seeded');
  },
};

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = paymentsSubgraph;
