import type { GlobalIdMap } from '@shop/server';

/** The type each `ID` of schema/orders.graphql names, beside the objects' own `id`s (packages/server/src/global-ids.ts). */
export const globalIds: GlobalIdMap = {
  // ---- Carts and wishlists (orders-cart) ----
  'Query.cart(id:)': 'Cart',
  'CartLine.variantId': 'ProductVariant',
  'CartLineInput.variantId': 'ProductVariant',
  'CartLinesAddInput.cartId': 'Cart',
  'CartLinesUpdateInput.cartId': 'Cart',
  'CartLineUpdateInput.id': 'CartLine',
  'CartLinesRemoveInput.cartId': 'Cart',
  'CartLinesRemoveInput.lineIds': 'CartLine',
  'CartDiscountCodesUpdateInput.cartId': 'Cart',
  'CartShippingAddressUpdateInput.cartId': 'Cart',
  'CartShippingRateSelectInput.cartId': 'Cart',
  'CartShippingRateSelectInput.rateId': 'ShippingRate',
  'CartBuyerIdentityUpdateInput.cartId': 'Cart',
  'WishlistItem.variantId': 'ProductVariant',
  'WishlistAddInput.variantId': 'ProductVariant',
  'WishlistRemoveInput.variantId': 'ProductVariant',
  'WishlistRemovePayload.removedVariantId': 'ProductVariant',
  'WishlistMoveToCartInput.variantIds': 'ProductVariant',
  // shipping's rates (shipping owns the ShippingRate entity); orders shows them priced for one cart.
  'CartShippingRate.id': 'ShippingRate',
  // ---- Orders and checkout (orders-checkout) ----
  'Query.order(id:)': 'Order',
  'OrdersFilter.userId': 'User',
  'OrderCancelInput.orderId': 'Order',
  'OrderStatusUpdateInput.orderId': 'Order',
  'OrderNoteAddInput.orderId': 'Order',
  'CheckoutCompleteInput.cartId': 'Cart',
};
