import { DateTime, Decimal } from '@shop/server';
import type { Resolvers } from '../__generated__/resolvers-types';
import { OrdersItem } from './OrdersItem';
import { ordersItemCreate } from './mutations/orders-item-create';
import { Query } from './Query';
// --- orders and checkout (orders-checkout) ---
import { checkoutComplete } from './mutations/checkout-complete';
import { orderCancel } from './mutations/order-cancel';
import { orderNoteAdd } from './mutations/order-note-add';
import { orderStatusUpdate } from './mutations/order-status-update';
import { Order, OrderDiscount, OrderHistoryEntry, OrderLine, OrderNote, OrderTotals } from './Order';
import { User } from './User';

export const resolvers: Resolvers = {
  DateTime,
  Decimal,
  Query,
  Mutation: {
    ordersItemCreate,
    // --- orders and checkout (orders-checkout) ---
    checkoutComplete,
    orderCancel,
    orderStatusUpdate,
    orderNoteAdd,
  },
  OrdersItem,
  // --- orders and checkout (orders-checkout) ---
  Order,
  OrderLine,
  OrderDiscount,
  OrderTotals,
  OrderHistoryEntry,
  OrderNote,
  User,
};
