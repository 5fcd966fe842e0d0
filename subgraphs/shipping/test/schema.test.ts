import { describeSubgraphSchema } from '@shop/testing';

describeSubgraphSchema('shipping');
