import { userErrorsOf, type Result, type UserError } from '@shop/core';

/** Why an orders change was refused: the `OrdersErrorCode` enum of the SDL, value for value. */
export const ORDERS_ERROR_CODES = [
  'INVALID',
  // ---- Carts and wishlists (orders-cart) ----
  'CART_NOT_FOUND',
  'CART_CLOSED',
  'TOO_MANY_LINES',
  'QUANTITY_LIMIT',
  'VARIANT_NOT_FOUND',
  'CATALOG_UNAVAILABLE',
  'LINE_NOT_FOUND',
  'INVALID_ADDRESS',
  'ADDRESS_REQUIRED',
  'SHIPPING_RATE_NOT_FOUND',
  'SHIPPING_UNAVAILABLE',
  'SIGN_IN_REQUIRED',
  'WISHLIST_ITEM_NOT_FOUND',
  'WISHLIST_FULL',
  // ---- Orders and checkout (orders-checkout) ----
  'NOT_FOUND',
  'INVALID_TRANSITION',
  'CART_EMPTY',
  'VARIANT_UNPRICED',
  'OUT_OF_STOCK',
  'PAYMENT_DECLINED',
  'PAYMENT_REQUIRES_ACTION',
  'PAYMENT_UNAVAILABLE',
  'PRICE_CHANGED',
  'DISCOUNT_INVALID',

  'SERVICE_UNAVAILABLE',
  'IDEMPOTENCY_CONFLICT',
  'IN_PROGRESS',
] as const;

export type OrdersErrorCode = (typeof ORDERS_ERROR_CODES)[number];
export type OrdersUserError = UserError<OrdersErrorCode>;
export type OrdersResult<T> = Result<T, OrdersErrorCode>;

export const { userError, refuse, parseInput } = userErrorsOf(ORDERS_ERROR_CODES, 'INVALID');

// ---- Orders and checkout (orders-checkout) ----

/** The same answer for an order that does not exist and one the caller may not touch: orders cannot be probed. */
export const orderNotFound = (): OrdersUserError => userError('NOT_FOUND', 'There is no such order.', ['orderId']);

export const invalidTransition = (from: string, to: string): OrdersUserError =>
  userError('INVALID_TRANSITION', `An order that is ${from} cannot become ${to}.`, null);
