import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { toUserErrors } from '../user-errors';

export const mfaDisable: MutationResolvers['mfaDisable'] = async (_root, { input }, ctx) => {
  const result = await ctx.auth.disableMfa(input);
  return result.ok ? { user: { id: result.value.userId }, userErrors: [] } : { user: null, userErrors: toUserErrors(result.errors) };
};
