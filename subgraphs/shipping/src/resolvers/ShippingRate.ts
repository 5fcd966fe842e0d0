import { toMoney } from '@shop/core';
import type { ShippingRateResolvers } from '../__generated__/resolvers-types';

const weight = (grams: bigint | null): number | null => (grams === null ? null : Number(grams));

export const ShippingRate: ShippingRateResolvers = {
  // Public through `_entities`: orders may return a cart's rates as references. Through a loader.
  __resolveReference: async (reference, ctx) => ctx.loaders.rateById.load(reference.id),
  name: async (rate, _args, ctx) => (await ctx.loaders.methodById.load(rate.methodId))?.name ?? '',
  method: async (rate, _args, ctx) => {
    const method = await ctx.loaders.methodById.load(rate.methodId);
    if (!method) throw new Error(`shipping rate ${rate.id} has no method`);
    return method;
  },
  price: (rate) => toMoney(rate.priceMinor, rate.currency),
  minWeightGrams: (rate) => (rate.basis === 'WEIGHT' ? weight(rate.bandMin) : null),
  maxWeightGrams: (rate) => (rate.basis === 'WEIGHT' ? weight(rate.bandMax) : null),
  minSubtotal: (rate) => (rate.basis === 'SUBTOTAL' ? toMoney(rate.bandMin, rate.currency) : null),
  maxSubtotal: (rate) =>
    rate.basis === 'SUBTOTAL' && rate.bandMax !== null ? toMoney(rate.bandMax, rate.currency) : null,
};
