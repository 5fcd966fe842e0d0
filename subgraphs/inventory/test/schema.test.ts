import { describeSubgraphSchema } from '@shop/testing';

describeSubgraphSchema('inventory', { foreignEntities: ['Product', 'ProductVariant'], composesWith: ['products'] });
