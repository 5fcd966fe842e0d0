import { describeSubgraphSchema } from '@shop/testing';

// Orders owns Order and describes it; payments only adds `Order.payments`.
describeSubgraphSchema('payments', { foreignEntities: ['Order'] });
