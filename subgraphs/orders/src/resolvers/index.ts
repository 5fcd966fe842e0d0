import { DateTime } from '@shop/server';
import type { Resolvers } from '../__generated__/resolvers-types';
import { Cart } from './Cart';
import { CartLine } from './CartLine';
import { cartCreate } from './mutations/cart-create';
import { cartLinesAdd } from './mutations/cart-lines-add';
import { Query } from './Query';
import { User } from './User';

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation: {
    // ---- Carts and wishlists (orders-cart) ----
    cartCreate,
    cartLinesAdd,
  },
  // ---- Carts and wishlists (orders-cart) ----
  Cart,
  CartLine,
  User,
};
