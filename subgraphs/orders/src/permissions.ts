import {
  allow,
  forbiddenError,
  hasPermission,
  isAuthenticated,
  rule,
  unauthenticatedError,
  type ShieldRule,
} from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';
import type { Context } from './context';
import { mayReadOrdersOf } from './domain/viewer';
import type { UserModel } from './mappers';

/** The staff permission to see and change every order and cart. */
export const ORDERS_MANAGE = 'orders:manage';

const manage = hasPermission(ORDERS_MANAGE);

/**
 * User.orders: only the user or staff with `orders:manage`. The rule sits on the User type's field, so it holds however
 * the User was reached (other subgraphs reach it through `_entities`). Not cached across parents: each User has its own owner.
 */
const ownerOrManager = rule({ cache: 'no_cache' })((user: UserModel, _args: unknown, ctx: Context) => {
  if (mayReadOrdersOf(ctx.viewer, user.id)) return true;
  return ctx.identity.kind === 'user' ? forbiddenError('You can only see your own orders.') : unauthenticatedError();
});

/**
 * graphql-shield rules. Query and Mutation fields without a rule are denied by the platform, and the
 * `Record<keyof ...>` types make a new root field without a rule a compile error here as well. Row visibility (an order
 * is its customer's and staff's) lives in the use cases: `order(id)` answers null to everyone else, `_entities` too.
 */
const Query: Record<keyof QueryResolvers, ShieldRule> = {
  ordersItems: allow,
  // --- orders and checkout (orders-checkout) ---
  order: allow,
  orders: manage,
};

const Mutation: Record<keyof MutationResolvers, ShieldRule> = {
  ordersItemCreate: hasPermission('orders:write'),
  // --- orders and checkout (orders-checkout) ---
  checkoutComplete: isAuthenticated,
  orderCancel: isAuthenticated,
  orderStatusUpdate: manage,
  orderNoteAdd: manage,
};

export const permissions = {
  Query,
  Mutation,
  User: { '*': allow, orders: ownerOrManager },
};
