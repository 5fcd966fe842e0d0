import { isUuid } from '@shop/core';
import {
  gid,
  serveStandIn,
  staff,
  startTestSubgraph,
  USER_ERRORS,
  type Caller,
  type TestSubgraph,
  type UserErrorBody,
} from '@shop/testing';
import { createContext } from '../src/context';
import { reviewsSubgraph } from '../src/service';

/**
 * Reviews' own test pieces: the subgraph on the shared harness with a stand-in catalog answering
 * `products.productsGet` on its bus, its staff callers, and reviews written through the API.
 */

export type ProductStatus = 'DRAFT' | 'ACTIVE' | 'ARCHIVED';

export interface ReviewsHarness extends TestSubgraph {
  /**
   * The stand-in catalog's answer for one product (with `catalog: 'stand-in'`): a status, or null for a product
   * that does not exist. Products never set here are ACTIVE, so tests can review any fresh id.
   */
  setProduct(productId: string, status: ProductStatus | null): void;
}

export interface ReviewsHarnessOptions {
  /** `false` runs without relay and consumers, so statement counts are the request's own. */
  background?: boolean;
  /**
   * Who answers `products.productsGet` on this test's bus: a stand-in playing the products subgraph (default),
   * or nobody (the test starts the real products subgraph on `bus`, or proves what happens without one).
   */
  catalog?: 'stand-in' | 'none';
  /** How long reviews waits for products' answer (default: the production default). */
  catalogTimeoutMs?: number;
}

/** Staff with `reviews:moderate`. */
export const MODERATOR: Caller = staff(['reviews:moderate']);
/** Staff without any permission. */
export const STAFF_WITHOUT: Caller = staff([]);
/** Staff with `catalog:write` (see products whatever their status). */
export const CATALOG_STAFF: Caller = staff(['catalog:write']);

export async function startReviewsHarness(label: string, options: ReviewsHarnessOptions = {}): Promise<ReviewsHarness> {
  const { catalogTimeoutMs } = options;
  const definition =
    catalogTimeoutMs === undefined
      ? reviewsSubgraph
      : {
          ...reviewsSubgraph,
          createContext: (base: Parameters<typeof createContext>[0], deps: Parameters<typeof createContext>[1]) =>
            createContext(base, deps, { timeoutMs: catalogTimeoutMs }),
        };
  const h = await startTestSubgraph(definition, { label, background: options.background ?? true });
  const products = new Map<string, ProductStatus | null>();
  if ((options.catalog ?? 'stand-in') === 'stand-in') {
    const stopStandIn = await serveStandIn(h.bus, 'products.productsGet', (request: { productIds: string[] }) => ({
      products: request.productIds.flatMap((productId) => {
        const status = products.has(productId) ? products.get(productId)! : 'ACTIVE';
        return status ? [{ productId, status }] : [];
      }),
    }));
    h.onStop(stopStandIn);
  }
  return { ...h, setProduct: (productId, status) => void products.set(productId, status) };
}

// --- Fixtures: reviews written through the API, as a client would ----------------------------------------------

export const REVIEW_FIELDS =
  'id rating title body authorName status verifiedPurchase helpfulCount notHelpfulCount isMine myVote moderationReason product { id }';

export interface ReviewBody {
  id: string;
  rating: number;
  title: string;
  body: string;
  authorName: string;
  status: string;
  verifiedPurchase: boolean;
  helpfulCount: number;
  notHelpfulCount: number;
  isMine: boolean;
  myVote: boolean | null;
  moderationReason: string | null;
  product: { id: string };
}

export interface Payload {
  review: ReviewBody | null;
  userErrors: UserErrorBody[];
}

export const CREATE = `mutation ($input: ReviewCreateInput!) { reviewCreate(input: $input) { review { ${REVIEW_FIELDS} } ${USER_ERRORS} } }`;
export const UPDATE = `mutation ($input: ReviewUpdateInput!) { reviewUpdate(input: $input) { review { ${REVIEW_FIELDS} } ${USER_ERRORS} } }`;
export const DELETE = `mutation ($input: ReviewDeleteInput!) { reviewDelete(input: $input) { deletedReviewId ${USER_ERRORS} } }`;
export const MODERATE = `mutation ($input: ReviewModerateInput!) { reviewModerate(input: $input) { review { ${REVIEW_FIELDS} } ${USER_ERRORS} } }`;
export const VOTE = `mutation ($input: ReviewVoteInput!) { reviewVote(input: $input) { review { ${REVIEW_FIELDS} } ${USER_ERRORS} } }`;

/** The global ID of a product named by its raw UUID (the stand-in catalog's key), or the global ID itself. */
export const productGid = (productId: string): string => (isUuid(productId) ? gid('Product', productId) : productId);

/** Writes a review of `input.productId` (a raw UUID, as the stand-in catalog knows it, or a global ID). */
export async function writeReview(
  h: ReviewsHarness,
  caller: Caller,
  input: { productId: string; rating?: number; title?: string; body?: string; authorName?: string },
): Promise<ReviewBody> {
  const data = await h.data<{ reviewCreate: Payload }>(
    CREATE,
    {
      input: {
        rating: 4,
        title: 'Nice',
        body: 'Works well.',
        authorName: 'Alex P.',
        ...input,
        productId: productGid(input.productId),
      },
    },
    caller,
  );
  if (!data.reviewCreate.review)
    throw new Error(`reviewCreate failed: ${JSON.stringify(data.reviewCreate.userErrors)}`);
  return data.reviewCreate.review;
}

export async function moderate(
  h: ReviewsHarness,
  reviewId: string,
  decision: 'APPROVE' | 'REJECT',
  reason?: string,
): Promise<ReviewBody> {
  const data = await h.data<{ reviewModerate: Payload }>(
    MODERATE,
    { input: { id: reviewId, decision, reason } },
    MODERATOR,
  );
  if (!data.reviewModerate.review)
    throw new Error(`reviewModerate failed: ${JSON.stringify(data.reviewModerate.userErrors)}`);
  return data.reviewModerate.review;
}
