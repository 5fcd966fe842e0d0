import type { Resolvers } from '../__generated__/resolvers-types';
import { reviewCreate } from './mutations/review-create';
import { reviewDelete } from './mutations/review-delete';
import { reviewModerate } from './mutations/review-moderate';
import { reviewUpdate } from './mutations/review-update';
import { reviewVote } from './mutations/review-vote';
import { Product, ProductRating } from './Product';
import { Query } from './Query';
import { Review } from './Review';
import { DateTime } from '@shop/server';
import { User } from './User';

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation: { reviewCreate, reviewUpdate, reviewDelete, reviewModerate, reviewVote },
  Review,
  Product,
  ProductRating,
  User,
};
