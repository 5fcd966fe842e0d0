import { allow, hasPermission, type ShieldRule } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The staff permission to create payments items. */
export const PAYMENTS_WRITE = 'payments:write';

/**
 * graphql-shield rules. Query and Mutation fields without a rule are denied by the platform, and the
 * `Record<keyof ...>` types make a new root field without a rule a compile error here as well.
 */
const Query: Record<keyof QueryResolvers, ShieldRule> = {
  paymentsItems: allow,
};

const Mutation: Record<keyof MutationResolvers, ShieldRule> = {
  paymentsItemCreate: hasPermission(PAYMENTS_WRITE),
};

export const permissions = { Query, Mutation };
