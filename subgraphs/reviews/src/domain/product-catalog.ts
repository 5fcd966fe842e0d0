import { CommandError, type ServiceBus } from '@shop/bus';
import { isUuid, newId, type Logger } from '@shop/core';

/**
 * What reviews may know about a product before referencing it: whether it is on sale (exists, is not deleted,
 * and is ACTIVE, the only public status). Missing, deleted, DRAFT and ARCHIVED all read as NOT_ON_SALE, so the
 * answer reveals nothing about products customers cannot see. UNAVAILABLE: products did not answer in time (or
 * at all), so nothing may be written: a review is never attached to a product nobody could check.
 */
export type ProductAvailability = 'ON_SALE' | 'NOT_ON_SALE' | 'UNAVAILABLE';

export interface ProductCatalog {
  availabilityOf(productId: string): Promise<ProductAvailability>;
}

export interface ProductCatalogOptions {
  /** How long to wait for products to answer `products.productsGet` before refusing the write. */
  timeoutMs: number;
}

export const DEFAULT_PRODUCT_CATALOG_OPTIONS: ProductCatalogOptions = { timeoutMs: 3_000 };

/** Asks the products subgraph synchronously (the `products.productsGet` command over the bus). */
export function productCatalogOverBus(
  bus: Pick<ServiceBus, 'call'>,
  logger: Logger,
  options: ProductCatalogOptions = DEFAULT_PRODUCT_CATALOG_OPTIONS,
): ProductCatalog {
  return {
    async availabilityOf(productId) {
      // A malformed id cannot name a product; the command's schema would refuse it anyway.
      if (!isUuid(productId)) return 'NOT_ON_SALE';
      // Ids are compared in their canonical lower case (PostgreSQL answers uuids that way).
      const wanted = productId.toLowerCase();
      try {
        const { products } = await bus.call(
          'products.productsGet',
          { idempotencyKey: newId(), productIds: [wanted] },
          { timeoutMs: options.timeoutMs },
        );
        return products.some((p) => p.productId.toLowerCase() === wanted && p.status === 'ACTIVE')
          ? 'ON_SALE'
          : 'NOT_ON_SALE';
      } catch (error) {
        if (!(error instanceof CommandError)) throw error;
        // Refused for its content: the id cannot name a product (both sides check ids the same way, so this is rare).
        if (error.code === 'INVALID_REQUEST') return 'NOT_ON_SALE';
        logger.warn(
          { command: error.command, code: error.code },
          'products did not confirm a product; review write refused',
        );
        return 'UNAVAILABLE';
      }
    },
  };
}
