import { allow, hasPermission, type ShieldRule } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';

/** The staff permission to create orders items. */
export const ORDERS_WRITE = 'orders:write';

/**
 * graphql-shield rules. Query and Mutation fields without a rule are denied by the platform, and the
 * `Record<keyof ...>` types make a new root field without a rule a compile error here as well.
 */
const Query: Record<keyof QueryResolvers, ShieldRule> = {
  ordersItems: allow,
};

const Mutation: Record<keyof MutationResolvers, ShieldRule> = {
  ordersItemCreate: hasPermission(ORDERS_WRITE),
};

export const permissions = { Query, Mutation };
