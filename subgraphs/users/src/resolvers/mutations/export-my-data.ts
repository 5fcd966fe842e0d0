import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const exportMyData: MutationResolvers['exportMyData'] = async (_root, { input }, ctx) =>
  payload(await ctx.accounts.exportMyData(input), { data: null, exportedAt: null });
