import { describeSubgraphSchema } from '@shop/testing';

describeSubgraphSchema('orders', {
  foreignEntities: ['User', 'ProductVariant', 'Product'],
  composesWith: ['products', 'users', 'auth', 'pricing', 'inventory', 'reviews'],
});
