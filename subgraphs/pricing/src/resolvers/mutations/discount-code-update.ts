import { asDate, payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const discountCodeUpdate: MutationResolvers['discountCodeUpdate'] = async (_root, { input }, ctx) =>
  payload(
    'discountCode',
    await ctx.pricing.updateDiscountCode({ ...input, startsAt: asDate(input.startsAt), endsAt: asDate(input.endsAt) }),
  );
