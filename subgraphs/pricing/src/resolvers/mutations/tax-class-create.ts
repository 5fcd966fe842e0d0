import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const taxClassCreate: MutationResolvers['taxClassCreate'] = async (_root, { input }, ctx) =>
  payload('taxClass', await ctx.pricing.createTaxClass(input));
