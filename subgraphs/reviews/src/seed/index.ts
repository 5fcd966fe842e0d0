import type { ServiceBus } from '@shop/bus';
import type { ReviewsDeps } from '../domain/deps';
import { activeProductIds, seedBulkReviews } from './bulk';

export { activeProductIds, seedBulkReviews, nameUuid } from './bulk';

/** How many of the ACTIVE products get reviews, and how many each (a product's share is decided by its id). */
const REVIEWED_SHARE = 0.7;
const MAX_REVIEWS_PER_PRODUCT = 8;

/**
 * The embedded demo's reviews: approved reviews with varied ratings on about 70% of the ACTIVE products, some of
 * them verified purchases. Idempotent (deterministic ids and authors; see seedBulkReviews).
 */
export async function seedDemoReviews(
  bus: Pick<ServiceBus, 'call'>,
  deps: ReviewsDeps,
): Promise<{ reviews: number; products: number }> {
  const productIds = await activeProductIds(bus);
  const chosen = productIds
    .map((productId) => ({ productId, pick: parseInt(productId.replace(/-/g, '').slice(-6), 16) / 0x1000000 }))
    .filter(({ pick }) => pick < REVIEWED_SHARE)
    .map(({ productId, pick }) => ({
      productId,
      reviews: 1 + Math.floor((pick / REVIEWED_SHARE) * MAX_REVIEWS_PER_PRODUCT),
    }));
  return seedBulkReviews(deps, { products: chosen, salt: 'demo' });
}
