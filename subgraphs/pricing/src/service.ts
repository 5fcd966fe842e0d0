import { resolve } from 'node:path';
import { busTablesOf } from '@shop/bus';
import type { SubgraphDefinition } from '@shop/server';
import { commandHandlers } from './commands';
import { createContext, pricingDepsOf, type Context } from './context';
import { catalogIsKnown } from './db/catalog.store';
import { backfillCatalog } from './domain/backfill';
import { pricingSettingsFromEnv, type PricingSettings } from './domain/settings';
import { eventHandlers } from './events';
import { globalIds } from './global-ids';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoPricing } from './seed';

export interface PricingOptions {
  /** Defaults to the environment (domain/settings.ts); tests pass their own. */
  settings?: PricingSettings;
}

/** The pricing subgraph (DESIGN.md §2): prices, automatic rules, discount codes, tax and `pricing.quote`. */
export function createPricingSubgraph(options: PricingOptions = {}): SubgraphDefinition<Context> {
  const settings = options.settings ?? pricingSettingsFromEnv();
  return {
    name: 'pricing',
    schemaFile: resolve(__dirname, '../../../schema/pricing.graphql'),
    resolvers,
    permissions,
    globalIds,
    migrationsFolder: resolve(__dirname, '../drizzle'),
    tables: busTablesOf('pricing'),
    createContext: (base, deps) => createContext(base, deps, settings),
    commands: (deps) => commandHandlers(pricingDepsOf(deps, settings)),
    consumers: (deps) => eventHandlers(pricingDepsOf(deps, settings)),
    async start(deps) {
      if (!settings.backfillOnStart || (await catalogIsKnown(deps.database.db))) return;
      // In the background and best effort: products may not be up yet, and its events fill the table in any case.
      const backfill = backfillCatalog(pricingDepsOf(deps, settings), deps.bus).then(
        (variants) => deps.logger.info({ variants }, 'catalog backfilled from products.variantsPage'),
        (error: unknown) => deps.logger.warn({ err: error }, 'catalog backfill skipped'),
      );
      return async () => {
        await backfill;
      };
    },
    async seed(deps) {
      const seeded = await seedDemoPricing(pricingDepsOf(deps, settings), deps.bus);
      deps.logger.info(seeded, 'pricing demo seeded');
    },
  };
}

export const pricingSubgraph = createPricingSubgraph();

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = pricingSubgraph;
