import type { TaxRateResolvers } from '../__generated__/resolvers-types';
import { required } from './user-errors';

export const TaxRate: TaxRateResolvers = {
  region: (rate) => (rate.region === '' ? null : rate.region),
  // Staff pages hold at most 100 rates over a handful of classes; the loader keeps it to one read per page.
  taxClass: async (rate, _args, ctx) => required(await ctx.loaders.taxClassById.load(rate.taxClassId), `tax class ${rate.taxClassId}`),
};
