import { randomUUID } from 'node:crypto';
import { gid } from '@shop/testing';
import type { Row } from '../authorization-table';

/**
 * Orders. Carts: an anonymous cart's id is its capability, so the cart fields are public and the use cases decide
 * what each caller sees (a cart attached to a user answers only that user and `orders:manage` staff, and anyone
 * else gets what an unknown id gets). Inputs are harmless: unknown ids and out-of-range quantities.
 */
const PUBLIC = { kind: 'public' } as const;
const MANAGE = { kind: 'permission', permission: 'orders:manage' } as const;
const AUTHENTICATED = { kind: 'authenticated' } as const;
const ERRORS = 'userErrors { code }';
/** The global ID of an object of `typeName` that does not exist. */
const nowhereId = (typeName: string) => gid(typeName, randomUUID());
const mutation = (field: string, input: string, select = ERRORS) => ({
  query: `mutation { ${field}(input: ${input}) { ${select} } }`,
});
const badLine = () => `{ variantId: "${nowhereId('ProductVariant')}", quantity: 0 }`;

export const rows: Record<string, Row> = {
  // ---- Carts and wishlists (orders-cart) ----
  'Query.wishlist': {
    access: PUBLIC,
    operation: () => ({ query: `{ wishlist(shareToken: "no-such-token") { totalCount } }` }),
  },
  'Query.cart': {
    access: PUBLIC,
    operation: () => ({ query: `{ cart(id: "${nowhereId('Cart')}") { id } }` }),
  },
  'Mutation.cartCreate': {
    access: PUBLIC,
    operation: () => mutation('cartCreate', `{ lines: [${badLine()}] }`),
  },
  'Mutation.cartLinesAdd': {
    access: PUBLIC,
    operation: () => mutation('cartLinesAdd', `{ cartId: "${nowhereId('Cart')}", lines: [${badLine()}] }`),
  },
  'Mutation.cartLinesUpdate': {
    access: PUBLIC,
    operation: () =>
      mutation(
        'cartLinesUpdate',
        `{ cartId: "${nowhereId('Cart')}", lines: [{ id: "${nowhereId('CartLine')}", quantity: 0 }] }`,
      ),
  },
  'Mutation.cartLinesRemove': {
    access: PUBLIC,
    operation: () => mutation('cartLinesRemove', `{ cartId: "${nowhereId('Cart')}", lineIds: [] }`),
  },
  'Mutation.cartDiscountCodesUpdate': {
    access: PUBLIC,
    operation: () => mutation('cartDiscountCodesUpdate', `{ cartId: "${nowhereId('Cart')}", discountCodes: [""] }`),
  },
  'Mutation.cartShippingAddressUpdate': {
    access: PUBLIC,
    operation: () =>
      mutation(
        'cartShippingAddressUpdate',
        `{ cartId: "${nowhereId('Cart')}", address: { firstName: "", lastName: "", line1: "", city: "", postalCode: "", country: "" } }`,
      ),
  },
  'Mutation.cartShippingRateSelect': {
    access: PUBLIC,
    operation: () =>
      mutation('cartShippingRateSelect', `{ cartId: "${nowhereId('Cart')}", rateId: "${nowhereId('ShippingRate')}" }`),
  },
  // Signed in: an unknown cart is a harmless CART_NOT_FOUND.
  'Mutation.cartBuyerIdentityUpdate': {
    access: { kind: 'authenticated' },
    operation: () => mutation('cartBuyerIdentityUpdate', `{ cartId: "${nowhereId('Cart')}" }`),
  },
  // Wishlists are per signed-in customer; each caller reaches only their own (unknown variants: harmless userErrors).
  'Mutation.wishlistAdd': {
    access: { kind: 'authenticated' },
    operation: () => mutation('wishlistAdd', `{ variantId: "${nowhereId('ProductVariant')}" }`),
  },
  'Mutation.wishlistRemove': {
    access: { kind: 'authenticated' },
    operation: () => mutation('wishlistRemove', `{ variantId: "${nowhereId('ProductVariant')}" }`),
  },
  'Mutation.wishlistMoveToCart': {
    access: { kind: 'authenticated' },
    operation: () => mutation('wishlistMoveToCart', `{ variantIds: [] }`),
  },
  'Mutation.wishlistShare': {
    access: { kind: 'authenticated' },
    operation: () => mutation('wishlistShare', `{ enabled: false }`),
  },
  // ---- Orders and checkout (orders-checkout) ----
  // order(id) is reachable by anyone and answers null unless the caller is the order's customer or `orders:manage`
  // staff (row visibility, tested with real orders in subgraphs/orders/test/order-lifecycle.test.ts, `_entities` too).
  'Query.order': {
    access: PUBLIC,
    operation: () => ({ query: `{ order(id: "${nowhereId('Order')}") { id } }` }),
  },
  'Query.orders': {
    access: MANAGE,
    operation: () => ({ query: `{ orders(first: 1) { totalCount } }` }),
  },
  // Signed-in customers only; an unknown cart is a harmless CART_NOT_FOUND (nothing is quoted, reserved or charged).
  'Mutation.checkoutComplete': {
    access: AUTHENTICATED,
    operation: () => ({
      query: `mutation { checkoutComplete(input: { cartId: "${nowhereId('Cart')}", paymentMethod: { token: "test-card-ok" }, idempotencyKey: "${randomUUID()}" }) { ${ERRORS} } }`,
    }),
  },
  // Signed-in callers reach the use case, which answers NOT_FOUND for anyone's order but their own (or staff's).
  'Mutation.orderCancel': {
    access: AUTHENTICATED,
    operation: () => ({ query: `mutation { orderCancel(input: { orderId: "${nowhereId('Order')}" }) { ${ERRORS} } }` }),
  },
  'Mutation.orderStatusUpdate': {
    access: MANAGE,
    operation: () => ({
      query: `mutation { orderStatusUpdate(input: { orderId: "${nowhereId('Order')}", status: PROCESSING }) { ${ERRORS} } }`,
    }),
  },
  'Mutation.orderNoteAdd': {
    access: MANAGE,
    operation: () => ({
      query: `mutation { orderNoteAdd(input: { orderId: "${nowhereId('Order')}", body: "Matrix" }) { ${ERRORS} } }`,
    }),
  },
};
