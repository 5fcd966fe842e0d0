import type { Result, UserError } from '@shop/core';

/** Why a review change was refused: the `ReviewsErrorCode` enum of the SDL, value for value. */
export const REVIEWS_ERROR_CODES = ['INVALID', 'NOT_FOUND', 'ALREADY_REVIEWED', 'OWN_REVIEW', 'NOT_APPROVED'] as const;

export type ReviewsErrorCode = (typeof REVIEWS_ERROR_CODES)[number];
export type ReviewsUserError = UserError<ReviewsErrorCode>;
export type ReviewsResult<T> = Result<T, ReviewsErrorCode>;

/** A path into the mutation's `input` argument, as clients see it: ["input", "rating"]. */
export const inputPath = (...parts: (string | number)[]): string[] => ['input', ...parts.map(String)];

export const userError = (code: ReviewsErrorCode, message: string, path: (string | number)[] | null): ReviewsUserError => ({
  code,
  message,
  field: path === null ? null : inputPath(...path),
});

export const reviewNotFound = (): ReviewsUserError => userError('NOT_FOUND', 'There is no such review.', ['reviewId']);
