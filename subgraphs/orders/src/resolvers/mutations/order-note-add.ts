import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const orderNoteAdd: MutationResolvers['orderNoteAdd'] = async (_root, { input }, ctx) =>
  payload(await ctx.orders.addOrderNote(input), { note: null, order: null });
