import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const mfaConfirm: MutationResolvers['mfaConfirm'] = async (_root, { input }, ctx) =>
  payload(await ctx.auth.confirmMfa(input), { recoveryCodes: null, user: null }, ({ recoveryCodes, userId }) => ({
    recoveryCodes,
    user: { id: userId },
  }));
