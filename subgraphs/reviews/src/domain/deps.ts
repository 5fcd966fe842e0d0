import type { Emit } from '@shop/bus';
import type { Logger } from '@shop/core';
import type { Db } from '@shop/db';
import type { ProductCatalog } from './product-catalog';

/** What the reviews use cases need from the platform: the database, the outbox and the products catalog. */
export interface ReviewsDeps {
  db: Db;
  /** Writes an event into the outbox within the caller's transaction. */
  emit: Emit;
  logger: Logger;
  /** Whether a product may be reviewed (asked of the products subgraph). */
  catalog: ProductCatalog;
}
