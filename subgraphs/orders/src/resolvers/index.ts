import { DateTime, Decimal } from '@shop/server';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Cart } from './Cart';
import { CartLine } from './CartLine';
import { cartCreate } from './mutations/cart-create';
import { cartLinesAdd } from './mutations/cart-lines-add';
import { checkoutComplete } from './mutations/checkout-complete';
import { orderCancel } from './mutations/order-cancel';
import { orderNoteAdd } from './mutations/order-note-add';
import { orderStatusUpdate } from './mutations/order-status-update';
import { Order, OrderDiscount, OrderHistoryEntry, OrderLine, OrderNote, OrderTotals } from './Order';
import { Query } from './Query';
import { User } from './User';

export const resolvers: Resolvers = {
  DateTime,
  Decimal,
  Query,
  Mutation: {
    // ---- Carts and wishlists (orders-cart) ----
    cartCreate,
    cartLinesAdd,
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
  // ---- Orders and checkout (orders-checkout) ----
  Order,
  OrderLine,
  OrderDiscount,
  OrderTotals,
  OrderHistoryEntry,
  OrderNote,
};
