import { resolve } from 'node:path';
import { startJob } from '@shop/core';
import { busTablesOf } from '@shop/bus';
import type { SubgraphDefinition } from '@shop/server';
import { commandHandlers } from './commands';
import { createContext, inventoryDepsOf, type Context } from './context';
import { createReservationSweeper } from './domain/sweep-reservations';
import { eventHandlers } from './events';
import { globalIds } from './global-ids';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoInventory } from './seed';

/** How often expired reservations are released (INVENTORY_SWEEP_INTERVAL_MS, default 30 s; also once at start). */
export function sweepIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.INVENTORY_SWEEP_INTERVAL_MS ?? 30_000);
  return Number.isInteger(value) && value > 0 ? value : 30_000;
}

/** The inventory subgraph: warehouses, stock, ledger, reservations and low-stock alerts (DESIGN.md §2). */
export const inventorySubgraph: SubgraphDefinition<Context> = {
  name: 'inventory',
  schemaFile: resolve(__dirname, '../../../schema/inventory.graphql'),
  resolvers,
  permissions,
  globalIds,
  migrationsFolder: resolve(__dirname, '../drizzle'),
  tables: busTablesOf('inventory'),
  createContext,
  commands: (deps) => commandHandlers(inventoryDepsOf(deps)),
  consumers: (deps) => eventHandlers(inventoryDepsOf(deps)),
  start: async (deps) => startJob(createReservationSweeper(inventoryDepsOf(deps), sweepIntervalFromEnv())),
  async seed(deps) {
    const seeded = await seedDemoInventory(deps);
    deps.logger.info(seeded, 'inventory demo stock seeded');
  },
};

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = inventorySubgraph;
