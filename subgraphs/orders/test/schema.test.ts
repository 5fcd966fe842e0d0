import { describeSubgraphSchema } from '@shop/testing';

describeSubgraphSchema('orders', {
  foreignEntities: ['ProductVariant', 'User'],
  composesWith: ['products', 'users', 'auth', 'pricing', 'inventory'],
});
