import { toMoney } from '@shop/core';
import type { ShippingMethodResolvers } from '../__generated__/resolvers-types';

export const ShippingMethod: ShippingMethodResolvers = {
  // Public through `_entities`: a method is what a storefront shows at checkout. Through a loader.
  __resolveReference: async (reference, ctx) => ctx.loaders.methodById.load(reference.id),
  freeShippingThresholds: async (method, _args, ctx) =>
    (await ctx.loaders.thresholdsByMethod.load(method.id)).map((t) => toMoney(t.amountMinor, t.currency)),
  rates: (method, _args, ctx) => ctx.loaders.ratesByMethod.load(method.id),
};
