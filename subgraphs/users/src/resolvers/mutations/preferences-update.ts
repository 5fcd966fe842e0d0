import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const preferencesUpdate: MutationResolvers['preferencesUpdate'] = async (_root, { input }, ctx) =>
  payload('user', await ctx.accounts.updatePreferences(input));
