import { describeSubgraphSchema } from '@shop/testing';

describeSubgraphSchema('orders');
