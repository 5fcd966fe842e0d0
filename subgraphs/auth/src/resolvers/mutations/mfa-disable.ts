import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const mfaDisable: MutationResolvers['mfaDisable'] = async (_root, { input }, ctx) =>
  payload('user', await ctx.auth.disableMfa(input), ({ userId }) => ({ id: userId }));
