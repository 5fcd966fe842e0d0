import { asDate } from '@shop/server';
import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  payments: (_root, { filter, ...page }, ctx) => ctx.payments.listPayments(filter, page),
  paymentsForReview: (_root, args, ctx) => ctx.payments.listPaymentsForReview(args),
  paymentsReconciliation: (_root, { from, to }, ctx) => ctx.payments.reconcile(asDate(from)!, asDate(to)!),
};
