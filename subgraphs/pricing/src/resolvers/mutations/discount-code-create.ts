import { asDate, payload } from '@shop/server';
import type { MutationResolvers } from '../../__generated__/resolvers-types';

export const discountCodeCreate: MutationResolvers['discountCodeCreate'] = async (_root, { input }, ctx) =>
  payload(
    'discountCode',
    await ctx.pricing.createDiscountCode({ ...input, startsAt: asDate(input.startsAt), endsAt: asDate(input.endsAt) }),
  );
