import { userErrorsOf, type Result, type UserError } from '@shop/core';

/** Why a review change was refused: the `ReviewsErrorCode` enum of the SDL, value for value. */
export const REVIEWS_ERROR_CODES = [
  'INVALID',
  'NOT_FOUND',
  'PRODUCT_NOT_FOUND',
  'CATALOG_UNAVAILABLE',
  'ALREADY_REVIEWED',
  'OWN_REVIEW',
  'NOT_APPROVED',
] as const;

export type ReviewsErrorCode = (typeof REVIEWS_ERROR_CODES)[number];
export type ReviewsUserError = UserError<ReviewsErrorCode>;
export type ReviewsResult<T> = Result<T, ReviewsErrorCode>;

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
