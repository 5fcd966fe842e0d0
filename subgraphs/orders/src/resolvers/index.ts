import { DateTime, Decimal } from '@shop/server';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Cart } from './Cart';
import { CartLine } from './CartLine';
import { cartCreate } from './mutations/cart-create';
import { cartBuyerIdentityUpdate } from './mutations/cart-buyer-identity-update';
import { cartDiscountCodesUpdate } from './mutations/cart-discount-codes-update';
import { cartLinesAdd } from './mutations/cart-lines-add';
import { cartLinesRemove } from './mutations/cart-lines-remove';
import { cartLinesUpdate } from './mutations/cart-lines-update';
import { cartShippingAddressUpdate } from './mutations/cart-shipping-address-update';
import { cartShippingRateSelect } from './mutations/cart-shipping-rate-select';
import { wishlistAdd } from './mutations/wishlist-add';
import { wishlistMoveToCart } from './mutations/wishlist-move-to-cart';
import { wishlistRemove } from './mutations/wishlist-remove';
import { wishlistShare } from './mutations/wishlist-share';
import { checkoutComplete } from './mutations/checkout-complete';
import { orderCancel } from './mutations/order-cancel';
import { orderNoteAdd } from './mutations/order-note-add';
import { orderStatusUpdate } from './mutations/order-status-update';
import { Order, OrderDiscount, OrderHistoryEntry, OrderLine, OrderNote, OrderTotals } from './Order';
import { Query } from './Query';
import { User } from './User';
import { WishlistItem } from './WishlistItem';

export const resolvers: Resolvers = {
  DateTime,
  Decimal,
  Query,
  Mutation: {
    // ---- Carts and wishlists (orders-cart) ----
    cartCreate,
    cartLinesAdd,
    cartLinesUpdate,
    cartLinesRemove,
    cartDiscountCodesUpdate,
    cartShippingAddressUpdate,
    cartShippingRateSelect,
    cartBuyerIdentityUpdate,
    wishlistAdd,
    wishlistRemove,
    wishlistMoveToCart,
    wishlistShare,
    // ---- Orders and checkout (orders-checkout) ----
    checkoutComplete,
    orderCancel,
    orderStatusUpdate,
    orderNoteAdd,
  },
  // ---- Carts and wishlists (orders-cart) ----
  Cart,
  CartLine,
  User,
  WishlistItem,
  // ---- Orders and checkout (orders-checkout) ----
  Order,
  OrderLine,
  OrderDiscount,
  OrderTotals,
  OrderHistoryEntry,
  OrderNote,
};
