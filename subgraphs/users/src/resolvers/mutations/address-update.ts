import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const addressUpdate: MutationResolvers['addressUpdate'] = async (_root, { input }, ctx) =>
  payload(await ctx.accounts.updateAddress(input), { address: null, user: null });
