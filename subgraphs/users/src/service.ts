import { resolve } from 'node:path';
import { startJob } from '@shop/core';
import { busTablesOf } from '@shop/bus';
import type { SubgraphDefinition } from '@shop/server';
import { commandHandlers } from './commands';
import { createContext, usersDepsOf, type Context } from './context';
import { createRegistrationSweeper } from './domain/sweep-registrations';
import { globalIds } from './global-ids';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { DEMO_ACCOUNTS, seedDemoAccounts } from './seed';

/** How often abandoned registrations are looked for (and once at start). */
const SWEEP_INTERVAL_MS = 60_000;

/** The users subgraph: profiles, preferences, addresses, registration and account deletion (DESIGN.md §2). */
export const usersSubgraph: SubgraphDefinition<Context> = {
  name: 'users',
  schemaFile: resolve(__dirname, '../../../schema/users.graphql'),
  resolvers,
  permissions,
  globalIds,
  migrationsFolder: resolve(__dirname, '../drizzle'),
  tables: busTablesOf('users'),
  createContext,
  commands: (deps) => commandHandlers(usersDepsOf(deps)),
  start: async (deps) => startJob(createRegistrationSweeper(usersDepsOf(deps), SWEEP_INTERVAL_MS)),
  async seed(deps) {
    const seeded = await seedDemoAccounts(usersDepsOf(deps));
    deps.logger.info(seeded, 'users demo accounts seeded');
  },
  // Printed by the embedded runtime after seeding, which is the only place these accounts exist.
  banner: () =>
    DEMO_ACCOUNTS.map(
      (account) =>
        `  Demo ${account.permissions.length > 0 ? 'staff' : 'customer'}: ${account.email} / ${account.password}`,
    ),
};

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = usersSubgraph;
