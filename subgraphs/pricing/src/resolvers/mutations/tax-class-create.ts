import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const taxClassCreate: MutationResolvers['taxClassCreate'] = async (_root, { input }, ctx) =>
  payload('taxClass', await ctx.pricing.createTaxClass(input));
