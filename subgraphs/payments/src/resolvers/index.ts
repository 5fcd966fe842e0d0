import { DateTime } from '@shop/server';
import type { Resolvers } from '../__generated__/resolvers-types';
import { PaymentsItem } from './PaymentsItem';
import { paymentsItemCreate } from './mutations/payments-item-create';
import { Query } from './Query';

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation: { paymentsItemCreate },
  PaymentsItem,
};
