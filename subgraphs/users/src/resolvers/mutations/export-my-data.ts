import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const exportMyData: MutationResolvers['exportMyData'] = async (_root, { input }, ctx) =>
  payload(await ctx.accounts.exportMyData(input), { data: null, exportedAt: null });
