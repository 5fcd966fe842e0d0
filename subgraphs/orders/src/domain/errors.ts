import type { Result, UserError } from '@shop/core';

/** Why a orders change was refused: the `OrdersErrorCode` enum of the SDL, value for value. */
export const ORDERS_ERROR_CODES = [
  'INVALID',
  'NAME_TAKEN',
  // --- orders and checkout (orders-checkout) ---
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'CART_NOT_FOUND',
  'CART_EMPTY',
  'VARIANT_UNAVAILABLE',
  'OUT_OF_STOCK',
  'PAYMENT_DECLINED',
  'PAYMENT_REQUIRES_ACTION',
  'PAYMENT_UNAVAILABLE',
  'PRICE_CHANGED',
  'DISCOUNT_INVALID',
  'SHIPPING_UNAVAILABLE',
  'SHIPPING_ADDRESS_REQUIRED',
  'SERVICE_UNAVAILABLE',
  'IDEMPOTENCY_CONFLICT',
  'IN_PROGRESS',
] as const;

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

// --- orders and checkout (orders-checkout) -------------------------------------------------------------------------

/** The same answer for an order that does not exist and one the caller may not touch: orders cannot be probed. */
export const orderNotFound = (): OrdersUserError => userError('NOT_FOUND', 'There is no such order.', ['orderId']);

export const invalidTransition = (from: string, to: string): OrdersUserError =>
  userError('INVALID_TRANSITION', `An order that is ${from} cannot become ${to}.`, null);
