import { describeSubgraphSchema } from '@shop/testing';

// Order is orders' entity (shipping adds `shipments`); Money and CurrencyCode are pricing's, copied verbatim.
describeSubgraphSchema('shipping', { foreignEntities: ['Order'], composesWith: ['pricing'] });
