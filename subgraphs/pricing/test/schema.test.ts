import { describeSubgraphSchema } from '@shop/testing';

describeSubgraphSchema('pricing', { foreignEntities: ['Product', 'ProductVariant'], composesWith: ['products'] });
