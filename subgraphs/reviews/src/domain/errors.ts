import { userErrorsOf } from '@shop/core';
import { REVIEWS_ERROR_CODES, type ReviewsUserError } from '../__generated__/error-codes';

/** Why a mutation was refused: codes and types generated from the SDL's `ReviewsErrorCode` (pnpm codegen). */
export type { ReviewsErrorCode, ReviewsResult, ReviewsUserError } from '../__generated__/error-codes';

export const { userError, parseInput, useCase } = userErrorsOf(REVIEWS_ERROR_CODES, 'INVALID');

export const reviewNotFound = (): ReviewsUserError => userError('NOT_FOUND', 'There is no such review.', ['id']);

/** The same answer for a product that is missing, deleted or not public: drafts cannot be probed through reviews. */
export const productNotFound = (): ReviewsUserError =>
  userError('PRODUCT_NOT_FOUND', 'There is no such product on sale.', ['productId']);

export const catalogUnavailable = (): ReviewsUserError =>
  userError(
    'CATALOG_UNAVAILABLE',
    'The product could not be checked right now; nothing was saved. Try again shortly.',
    null,
  );
