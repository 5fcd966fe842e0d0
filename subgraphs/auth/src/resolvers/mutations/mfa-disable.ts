import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const mfaDisable: MutationResolvers['mfaDisable'] = async (_root, { input }, ctx) =>
  payload('user', await ctx.auth.disableMfa(input), ({ userId }) => ({ id: userId }));
