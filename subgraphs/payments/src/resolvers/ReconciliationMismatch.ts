import { toMoney } from '@shop/core';
import type { ReconciliationMismatchResolvers } from '../__generated__/resolvers-types';

export const ReconciliationMismatch: ReconciliationMismatchResolvers = {
  payment: async (mismatch, _args, ctx) => (await ctx.loaders.intentById.load(mismatch.paymentIntentId))!,
  recorded: async (mismatch, _args, ctx) =>
    toMoney(mismatch.recorded, (await ctx.loaders.intentById.load(mismatch.paymentIntentId))!.currency),
  ledger: async (mismatch, _args, ctx) =>
    toMoney(mismatch.ledger, (await ctx.loaders.intentById.load(mismatch.paymentIntentId))!.currency),
};
