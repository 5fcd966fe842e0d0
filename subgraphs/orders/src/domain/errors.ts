import type { Result, UserError } from '@shop/core';

/** Why a orders change was refused: the `OrdersErrorCode` enum of the SDL, value for value. */
export const ORDERS_ERROR_CODES = ['INVALID', 'NAME_TAKEN'] as const;

export type OrdersErrorCode = (typeof ORDERS_ERROR_CODES)[number];
export type OrdersUserError = UserError<OrdersErrorCode>;
export type OrdersResult<T> = Result<T, OrdersErrorCode>;

/** A path into the mutation's `input` argument, as clients see it: ["input", "name"]. */
export const inputPath = (...parts: (string | number)[]): string[] => ['input', ...parts.map(String)];

export const userError = (
  code: OrdersErrorCode,
  message: string,
  path: (string | number)[] | null,
): OrdersUserError => ({
  code,
  message,
  field: path === null ? null : inputPath(...path),
});

export const nameTaken = (): OrdersUserError =>
  userError('NAME_TAKEN', 'Another item already has this name.', ['name']);
