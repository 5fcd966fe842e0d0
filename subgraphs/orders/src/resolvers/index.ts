import { DateTime } from '@shop/server';
import type { Resolvers } from '../__generated__/resolvers-types';
import { OrdersItem } from './OrdersItem';
import { ordersItemCreate } from './mutations/orders-item-create';
import { Query } from './Query';

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation: { ordersItemCreate },
  OrdersItem,
};
