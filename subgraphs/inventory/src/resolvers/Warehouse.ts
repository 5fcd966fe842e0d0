import type { WarehouseResolvers } from '../__generated__/resolvers-types';

export const Warehouse: WarehouseResolvers = {
  address: (warehouse) => warehouse.address,
};
