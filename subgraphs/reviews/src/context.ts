import { identityHasPermission, ownerViewerOf, platformDepsOf } from '@shop/server';
import type { BaseContext, Identity, RequestContext, SubgraphDeps } from '@shop/server';
import { createLoaders, type Loaders } from './db/loaders';
import type { ReviewsDeps } from './domain/deps';
import {
  DEFAULT_PRODUCT_CATALOG_OPTIONS,
  productCatalogOverBus,
  type ProductCatalogOptions,
} from './domain/product-catalog';
import { createReviews, type Reviews } from './domain/reviews';
import type { Viewer } from './domain/viewer';
import { CATALOG_WRITE, REVIEWS_MODERATE } from './permissions';

/** What every reviews resolver receives: its use cases, bound to this request's viewer and loaders. */
export interface Context extends RequestContext<Viewer, Loaders> {
  reviews: Reviews;
}

export const reviewsDepsOf = (
  deps: SubgraphDeps,
  catalog: ProductCatalogOptions = DEFAULT_PRODUCT_CATALOG_OPTIONS,
): ReviewsDeps => ({
  ...platformDepsOf(deps),
  catalog: productCatalogOverBus(deps.bus, deps.logger, catalog),
});

export const viewerOf = (identity: Identity): Viewer => ({
  ...ownerViewerOf(identity, REVIEWS_MODERATE),
  catalogStaff: identityHasPermission(identity, CATALOG_WRITE),
});

export function createContext(base: BaseContext, deps: SubgraphDeps, catalog?: ProductCatalogOptions): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(deps.database.db, viewer.userId, !viewer.catalogStaff);
  const reviews = createReviews({ ...reviewsDepsOf(deps, catalog), logger: base.logger }, viewer, loaders);
  return { ...base, viewer, loaders, reviews };
}
