import { resolve } from 'node:path';
import { startJob } from '@shop/core';
import { busTablesOf } from '@shop/bus';
import type { SubgraphDefinition } from '@shop/server';
import { commandHandlers } from './commands';
import { createContext, paymentsDepsOf, type Context } from './context';
import { eventHandlers } from './events';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { createPendingSweeper } from './domain/sweep-pending';
import { globalIds } from './global-ids';
import { webhookRoutes } from './webhooks';

/** The payments subgraph: payment intents per order, refunds, the ledger, risk review (DESIGN.md §2). */
export const paymentsSubgraph: SubgraphDefinition<Context> = {
  name: 'payments',
  schemaFile: resolve(__dirname, '../../../schema/payments.graphql'),
  resolvers,
  permissions,
  globalIds,
  migrationsFolder: resolve(__dirname, '../drizzle'),
  tables: busTablesOf('payments'),
  createContext,
  commands: (deps) => commandHandlers(paymentsDepsOf(deps)),
  consumers: (deps) => eventHandlers(paymentsDepsOf(deps)),
  webhooks: (deps) => webhookRoutes(paymentsDepsOf(deps)),
  start: async (deps) => startJob(createPendingSweeper(paymentsDepsOf(deps), 30_000)),
};

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = paymentsSubgraph;
