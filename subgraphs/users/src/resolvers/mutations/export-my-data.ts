import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const exportMyData: MutationResolvers['exportMyData'] = async (_root, { input }, ctx) => {
  const result = await ctx.accounts.exportMyData(input);
  return result.ok
    ? { data: result.value.data, exportedAt: result.value.exportedAt, userErrors: [] }
    : { data: null, exportedAt: null, userErrors: toUserErrors(result.errors) };
};
