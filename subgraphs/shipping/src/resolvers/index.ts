import { DateTime } from '@shop/server';
import type { Resolvers } from '../__generated__/resolvers-types';
import { ShippingItem } from './ShippingItem';
import { shippingItemCreate } from './mutations/shipping-item-create';
import { Query } from './Query';

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation: { shippingItemCreate },
  ShippingItem,
};
