import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const discountCodeDeactivate: MutationResolvers['discountCodeDeactivate'] = async (_root, { input }, ctx) =>
  payload('discountCode', await ctx.pricing.deactivateDiscountCode(input));
