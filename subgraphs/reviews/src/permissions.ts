import { allow, hasPermission, isAuthenticated, perObjectRule, rootRules } from '@shop/server';
import type { MutationResolvers, QueryResolvers } from './__generated__/resolvers-types';
import type { Context } from './context';
import { mayReadReviewsOf } from './domain/viewer';
import type { UserModel } from './mappers';

/** The staff permission to see every review and approve or reject them. */
export const REVIEWS_MODERATE = 'reviews:moderate';
/** The catalog's staff permission (products' own): its holders see products that are not public. */
export const CATALOG_WRITE = 'catalog:write';

const moderate = hasPermission(REVIEWS_MODERATE);

/**
 * User.reviews lists reviews in every status, so only the user or a moderator may read it. The rule sits on the
 * User type's field, so it holds however the User was reached (other subgraphs reach it through `_entities`).
 * Not cached across parents: each User has its own owner.
 */
const ownerOrModerator = perObjectRule(
  (user: UserModel, ctx: Context) => mayReadReviewsOf(ctx.viewer, user.id),
  'You can only see your own reviews.',
);

/**
 * graphql-shield rules (`rootRules`: a root field without a rule is denied, and a compile error here). Row visibility
 * (APPROVED for everybody, any status for the author) and ownership (only your own review) live in the use cases.
 */
const Query = rootRules<QueryResolvers>()([
  [allow, 'review'],
  [moderate, 'reviewsForModeration'],
]);

const Mutation = rootRules<MutationResolvers>()([
  [isAuthenticated, 'reviewCreate reviewUpdate reviewDelete reviewVote'],
  [moderate, 'reviewModerate'],
]);

export const permissions = {
  Query,
  Mutation,
  User: { '*': allow, reviews: ownerOrModerator },
};
