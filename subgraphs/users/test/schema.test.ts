import { describeSubgraphSchema } from '@shop/testing';

describeSubgraphSchema('users', { composesWith: ['products'] });
