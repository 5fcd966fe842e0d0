import { payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const discountCodeDeactivate: MutationResolvers['discountCodeDeactivate'] = async (_root, { input }, ctx) =>
  payload('discountCode', await ctx.pricing.deactivateDiscountCode(input));
