import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const mfaConfirm: MutationResolvers['mfaConfirm'] = async (_root, { input }, ctx) => {
  const result = await ctx.auth.confirmMfa(input);
  if (!result.ok) return { recoveryCodes: null, user: null, userErrors: toUserErrors(result.errors) };
  return { recoveryCodes: result.value.recoveryCodes, user: { id: result.value.userId }, userErrors: [] };
};
