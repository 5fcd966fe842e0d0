import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const addressDelete: MutationResolvers['addressDelete'] = async (_root, { input }, ctx) =>
  payload(await ctx.accounts.deleteAddress(input), { deletedAddressId: null, user: null });
