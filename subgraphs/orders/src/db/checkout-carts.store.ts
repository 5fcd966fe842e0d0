import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '@shop/db';
import type { CheckoutCart } from '../domain/checkout-cart';
import type { CheckoutCarts } from '../domain/deps';
import { cartLines, carts, type CartAddress, type StoredOrderAddress } from './schema';

/** Checkout's statements on the cart tables (orders-cart owns them): read an open cart, close it, its line holds. */

/** The cart's address as an order keeps it: everything but the company. */
const withoutCompany = ({ company: _company, ...address }: CartAddress): StoredOrderAddress => address;

/* openCartForCheckout: the cart (OPEN only) and its lines, in the order they were added; one statement. */
async function openCartForCheckout(db: Executor, cartId: string): Promise<CheckoutCart | null> {
  const rows = await db
    .select({ cart: carts, line: cartLines })
    .from(carts)
    .leftJoin(cartLines, eq(cartLines.cartId, carts.id))
    .where(and(eq(carts.id, cartId), eq(carts.status, 'OPEN')))
    .orderBy(asc(cartLines.id));
  const cart = rows[0]?.cart;
  if (!cart) return null;
  const lines = rows.flatMap((row) => (row.line ? [row.line] : []));
  const address = cart.shippingAddress;
  return {
    id: cart.id,
    userId: cart.userId,
    currency: cart.currency,
    discountCodes: cart.discountCodes,
    shippingAddress: address ? withoutCompany(address) : null,
    shippingRateId: cart.shippingRateId,
    lines: lines.map((line) => ({
      id: line.id,
      variantId: line.variantId,
      quantity: line.quantity,
      reservationId: line.reservationId,
    })),
  };
}

/*
 * lockOpenCartForCheckout: locks the cart row while it is still OPEN; false when it is not (any more). Two checkouts of
 * one cart queue here, so the second sees the first's saga.
 */
async function lockOpenCartForCheckout(tx: Executor, cartId: string): Promise<boolean> {
  const rows = await tx
    .select({ id: carts.id })
    .from(carts)
    .where(and(eq(carts.id, cartId), eq(carts.status, 'OPEN')))
    .for('update');
  return rows.length > 0;
}

/* closeCheckedOutCart */
async function closeCheckedOutCart(tx: Executor, cartId: string): Promise<void> {
  await tx
    .update(carts)
    .set({ status: 'CHECKED_OUT', updatedAt: new Date() })
    .where(and(eq(carts.id, cartId), eq(carts.status, 'OPEN')));
}

/* cartLineReservations */
async function cartLineReservations(db: Executor, cartId: string): Promise<string[]> {
  const rows = await db
    .select({ reservationId: cartLines.reservationId })
    .from(cartLines)
    .where(and(eq(cartLines.cartId, cartId), isNotNull(cartLines.reservationId)));
  return rows.flatMap((row) => (row.reservationId ? [row.reservationId] : []));
}

export const checkoutCarts: CheckoutCarts = {
  forCheckout: openCartForCheckout,
  lockOpen: lockOpenCartForCheckout,
  close: closeCheckedOutCart,
  lineReservations: cartLineReservations,
};
