import type { TaxRateResolvers } from '../__generated__/resolvers-types';

export const TaxRate: TaxRateResolvers = {
  region: (rate) => (rate.region === '' ? null : rate.region),
  // A staff page holds at most 100 rates over a handful of classes: one statement through the request's loader.
  taxClass: (rate, _args, ctx) => ctx.pricing.taxClassOf(rate.taxClassId),
};
