import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const mfaEnroll: MutationResolvers['mfaEnroll'] = async (_root, { input }, ctx) => {
  const result = await ctx.auth.enrollMfa(input);
  return result.ok ? { ...result.value, userErrors: [] } : { secret: null, otpauthUri: null, userErrors: toUserErrors(result.errors) };
};
