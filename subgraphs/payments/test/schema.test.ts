import { describeSubgraphSchema } from '@shop/testing';

describeSubgraphSchema('payments');
