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
] as const;

export type OrdersErrorCode = (typeof ORDERS_ERROR_CODES)[number];
export type OrdersUserError = UserError<OrdersErrorCode>;
export type OrdersResult<T> = Result<T, OrdersErrorCode>;

export const { userError, refuse, parseInput } = userErrorsOf(ORDERS_ERROR_CODES, 'INVALID');
