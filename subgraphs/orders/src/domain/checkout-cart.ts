import type { StoredOrderAddress } from '../db/schema';

/** What checkout needs of a cart (db/checkout-carts.store.ts reads it from the cart tables). */
export interface CheckoutCart {
  id: string;
  userId: string | null;
  currency: string;
  discountCodes: string[];
  shippingAddress: StoredOrderAddress | null;
  shippingRateId: string | null;
  lines: CheckoutCartLine[];
}

export interface CheckoutCartLine {
  id: string;
  variantId: string;
  quantity: number;
  /** The cart's own hold on this line's units, if it has one. */
  reservationId: string | null;
}
