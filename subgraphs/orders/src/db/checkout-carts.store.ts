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
 * keepingCartOpen: a write that changes nothing but takes the cart's row lock while it is still OPEN (built and not
 * sent, for the statement that starts the checkout); it counts 0 when the cart is not OPEN (any more). Two checkouts of
 * one cart queue on the lock; the second then meets the first's open saga (checkout_sagas_open_cart_key).
 */
function keepingCartOpen(tx: Executor, cartId: string) {
  return tx
    .update(carts)
    .set({ status: 'OPEN' })
    .where(and(eq(carts.id, cartId), eq(carts.status, 'OPEN')));
}

/* closingCheckedOutCart: built and not sent (for `writeInOneStatement`). */
function closingCheckedOutCart(tx: Executor, cartId: string) {
  return tx
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
  keepingOpen: keepingCartOpen,
  closing: closingCheckedOutCart,
  lineReservations: cartLineReservations,
};
