import type { GlobalIdMap } from '@shop/server';

/** The type each `ID` of schema/reviews.graphql names, beside the objects' own `id`s (packages/server/src/global-ids.ts). */
export const globalIds: GlobalIdMap = {
  'Query.review(id:)': 'Review',
  'ReviewCreateInput.productId': 'Product',
  'ReviewUpdateInput.id': 'Review',
  'ReviewDeleteInput.id': 'Review',
  'ReviewDeletePayload.deletedReviewId': 'Review',
  'ReviewModerateInput.id': 'Review',
  'ReviewVoteInput.id': 'Review',
};
