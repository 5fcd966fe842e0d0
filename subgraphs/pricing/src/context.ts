import { actorOf, platformDepsOf } from '@shop/server';
import type { BaseContext, Identity, RequestContext, SubgraphDeps } from '@shop/server';
import { createLoaders, type Loaders } from './db/loaders';
import type { PricingDeps } from './domain/deps';
import { createPricing, type Pricing } from './domain/pricing';
import type { PricingSettings } from './domain/settings';
import type { Viewer } from './domain/viewer';

/** What every pricing resolver receives: its use cases, bound to this request's viewer and loaders. */
export interface Context extends RequestContext<Viewer, Loaders> {
  pricing: Pricing;
}

export const pricingDepsOf = (deps: SubgraphDeps, settings: PricingSettings): PricingDeps => ({
  ...platformDepsOf(deps),
  settings,
});

export const viewerOf = (identity: Identity): Viewer => ({ actor: actorOf(identity) });

export function createContext(base: BaseContext, deps: SubgraphDeps, settings: PricingSettings): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(deps.database.db);
  const pricing = createPricing({ ...pricingDepsOf(deps, settings), logger: base.logger }, viewer, loaders);
  return { ...base, viewer, loaders, pricing };
}
