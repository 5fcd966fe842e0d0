import type { GlobalIdMap } from '@shop/server';

/** The type each `ID` of schema/orders.graphql names, beside the objects' own `id`s (packages/server/src/global-ids.ts). */
export const globalIds: GlobalIdMap = {
  // ---- Carts and wishlists (orders-cart) ----
  'Query.cart(id:)': 'Cart',
  'CartLine.variantId': 'ProductVariant',
  'CartLineInput.variantId': 'ProductVariant',
  'CartLinesAddInput.cartId': 'Cart',
  // ---- Orders and checkout (orders-checkout) ----
  'Query.order(id:)': 'Order',
  'OrdersFilter.userId': 'User',
  'OrderCancelInput.orderId': 'Order',
  'OrderStatusUpdateInput.orderId': 'Order',
  'OrderNoteAddInput.orderId': 'Order',
  'CheckoutCompleteInput.cartId': 'Cart',
};
