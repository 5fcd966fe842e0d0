import { describeSubgraphSchema } from '@shop/testing';

describeSubgraphSchema('products');
