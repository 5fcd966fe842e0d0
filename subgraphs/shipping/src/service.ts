import { resolve } from 'node:path';
import { busTablesOf } from '@shop/bus';
import { startJob } from '@shop/core';
import type { SubgraphDefinition } from '@shop/server';
import { commandHandlers } from './commands';
import { createContext, shippingDepsOf, type Context } from './context';
import { trackingPoll } from './domain/poll-tracking';
import { shippingSettingsFromEnv, type ShippingSettings } from './domain/settings';
import { eventHandlers } from './events';
import { globalIds } from './global-ids';
import { permissions } from './permissions';
import { resolvers } from './resolvers';
import { seedDemoShipping } from './seed';
import { trackingWebhookRoutes } from './webhooks';

export interface ShippingOptions {
  /** Defaults to the environment (domain/settings.ts); tests pass their own carriers and secrets. */
  settings?: ShippingSettings;
}

/**
 * The shipping subgraph (DESIGN.md §2): zones, methods, rates and `shipping.quote`; shipments of placed orders with
 * carrier labels, and carriers' tracking webhooks at `POST /webhooks/shipping/<carrier>` (through the gateway, or on its own port).
 */
export function createShippingSubgraph(options: ShippingOptions = {}): SubgraphDefinition<Context> {
  let settings = options.settings;
  // Read lazily: a process that only loads the module (codegen, topology) needs no carrier configured.
  const settingsOf = () => (settings ??= shippingSettingsFromEnv());
  return {
    name: 'shipping',
    schemaFile: resolve(__dirname, '../../../schema/shipping.graphql'),
    resolvers,
    permissions,
    globalIds,
    migrationsFolder: resolve(__dirname, '../drizzle'),
    tables: busTablesOf('shipping'),
    createContext: (base, deps) => createContext(base, deps, settingsOf()),
    commands: (deps) => commandHandlers(shippingDepsOf(deps, settingsOf())),
    consumers: () => eventHandlers(),
    webhooks: (deps) => trackingWebhookRoutes(shippingDepsOf(deps, settingsOf())),
    start(deps) {
      const { trackingPollMs } = settingsOf();
      return Promise.resolve(
        trackingPollMs > 0 ? startJob(trackingPoll(shippingDepsOf(deps, settingsOf()), trackingPollMs)) : undefined,
      );
    },
    async seed(deps) {
      const seeded = await seedDemoShipping(shippingDepsOf(deps, settingsOf()));
      deps.logger.info(seeded, 'shipping demo data seeded');
    },
  };
}

export const shippingSubgraph = createShippingSubgraph();

/** The name every subgraph's service module exports (packages/runtime loads it by this convention). */
export const subgraph = shippingSubgraph;
