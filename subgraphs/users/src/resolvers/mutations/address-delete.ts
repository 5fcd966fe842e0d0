import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const addressDelete: MutationResolvers['addressDelete'] = async (_root, { input }, ctx) =>
  payload(await ctx.accounts.deleteAddress(input), { deletedAddressId: null, user: null });
