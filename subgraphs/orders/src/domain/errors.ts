import { userErrorsOf } from '@shop/core';
import { ORDERS_ERROR_CODES, type OrdersUserError } from '../__generated__/error-codes';

/** Why a mutation was refused: codes and types generated from the SDL's `OrdersErrorCode` (pnpm codegen). */
export type { OrdersErrorCode, OrdersResult, OrdersUserError } from '../__generated__/error-codes';

export const { userError, refuse, parseInput, useCase } = userErrorsOf(ORDERS_ERROR_CODES, 'INVALID');

// ---- Orders and checkout (orders-checkout) ----

/** The same answer for an order that does not exist and one the caller may not touch: orders cannot be probed. */
export const orderNotFound = (): OrdersUserError => userError('NOT_FOUND', 'There is no such order.', ['orderId']);

export const invalidTransition = (from: string, to: string): OrdersUserError =>
  userError('INVALID_TRANSITION', `An order that is ${from} cannot become ${to}.`, null);
