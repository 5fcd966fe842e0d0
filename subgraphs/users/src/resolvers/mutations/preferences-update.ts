import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const preferencesUpdate: MutationResolvers['preferencesUpdate'] = async (_root, { input }, ctx) =>
  payload('user', await ctx.accounts.updatePreferences(input));
