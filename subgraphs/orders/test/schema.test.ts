import { describeSubgraphSchema } from '@shop/testing';

describeSubgraphSchema('orders', {
  foreignEntities: ['ProductVariant', 'User', 'Product'],
  composesWith: ['products', 'users', 'auth', 'pricing', 'inventory'],
});
