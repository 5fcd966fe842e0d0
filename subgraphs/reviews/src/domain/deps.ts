import type { PlatformDeps } from '@shop/server';
import type { ProductCatalog } from './product-catalog';

/** What the reviews use cases need from the platform: the database, the outbox and the products catalog. */
export interface ReviewsDeps extends PlatformDeps {
  /** Whether a product may be reviewed (asked of the products subgraph). */
  catalog: ProductCatalog;
}
