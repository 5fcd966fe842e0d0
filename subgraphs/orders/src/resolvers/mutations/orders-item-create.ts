import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const ordersItemCreate: MutationResolvers['ordersItemCreate'] = async (_root, { input }, ctx) =>
  payload('item', await ctx.items.createItem(input));
