import { describeSubgraphSchema } from '@shop/testing';

describeSubgraphSchema('reviews', {
  foreignEntities: ['Product', 'User'],
  composesWith: ['products', 'users', 'auth'],
});
