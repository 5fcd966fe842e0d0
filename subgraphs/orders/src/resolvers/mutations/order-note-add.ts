import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const orderNoteAdd: MutationResolvers['orderNoteAdd'] = async (_root, { input }, ctx) =>
  payload(await ctx.orders.addOrderNote(input), { note: null, order: null });
