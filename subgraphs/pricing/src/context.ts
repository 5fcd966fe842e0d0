import type { BaseContext, SubgraphDeps } from '@shop/server';
import { createLoaders, type Loaders } from './db/loaders';
import type { PricingDeps } from './domain/deps';
import { createPricing, type Pricing } from './domain/pricing';
import type { PricingSettings } from './domain/settings';

/** What every pricing resolver receives. */
export interface Context extends BaseContext {
  loaders: Loaders;
  pricing: Pricing;
  settings: PricingSettings;
}

export const pricingDepsOf = (deps: SubgraphDeps, settings: PricingSettings): PricingDeps => ({
  db: deps.database.db,
  emit: deps.bus.emit,
  logger: deps.logger,
  settings,
});

export function createContext(base: BaseContext, deps: SubgraphDeps, settings: PricingSettings): Context {
  const pricingDeps = { ...pricingDepsOf(deps, settings), logger: base.logger };
  return { ...base, loaders: createLoaders(deps.database.db), pricing: createPricing(pricingDeps), settings };
}
