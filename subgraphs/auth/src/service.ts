import { resolve } from 'node:path';
import { busTablesOf } from '@shop/bus';
import type { SubgraphDefinition } from '@shop/server';
import { commandHandlers } from './commands';
import { createContext, type Context } from './context';
import { eventHandlers } from './events';
import { jwksRoute } from './jwks';
import { globalIds } from './global-ids';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { runtimeFor, type AuthOptions } from './runtime';

/**
 * The auth subgraph (DESIGN.md §2, §5): credentials, sign-in, sessions and refresh tokens, MFA, password resets,
 * signing keys and the JWKS, staff permissions. `options` exist for tests (short lifetimes, a movable clock); the
 * runtime uses the environment (see domain/settings.ts).
 */
export function createAuthSubgraph(options: AuthOptions = {}): SubgraphDefinition<Context> {
  return {
    name: 'auth',
    schemaFile: resolve(__dirname, '../../../schema/auth.graphql'),
    resolvers,
    permissions,
    globalIds,
    migrationsFolder: resolve(__dirname, '../drizzle'),
    tables: busTablesOf('auth'),
    createContext: (base, deps) => createContext(base, deps, runtimeFor(deps, options)),
    routes: (deps) => ({ '/.well-known/jwks.json': jwksRoute(runtimeFor(deps, options)) }),
    commands: async (deps) => commandHandlers(await runtimeFor(deps, options).ready()),
    consumers: async (deps) => eventHandlers(await runtimeFor(deps, options).ready()),
    async start(deps) {
      const runtime = runtimeFor(deps, options);
      await runtime.ready();
      runtime.startHousekeeping();
      return () => runtime.stopHousekeeping();
    },
  };
}

export const authSubgraph = createAuthSubgraph();

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = authSubgraph;
