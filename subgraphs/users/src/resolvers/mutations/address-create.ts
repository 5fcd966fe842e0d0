import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const addressCreate: MutationResolvers['addressCreate'] = async (_root, { input }, ctx) =>
  payload(await ctx.accounts.createAddress(input), { address: null, user: null });
