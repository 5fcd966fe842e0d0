import type { MutationResolvers } from '../../__generated__/resolvers-types';
import { payload } from '../user-errors';

export const taxRateDelete: MutationResolvers['taxRateDelete'] = async (_root, { input }, ctx) =>
  payload(await ctx.pricing.deleteTaxRate(input), { deletedTaxRateId: null });
