import { describeSubgraphSchema } from '@shop/testing';

describeSubgraphSchema('auth', { foreignEntities: ['User'], composesWith: ['products', 'users'] });
