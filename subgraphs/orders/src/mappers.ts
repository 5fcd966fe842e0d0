import type { Connection } from '@shop/core';
import type { ItemRow } from './db/schema';

/** What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). */
export type OrdersItemModel = ItemRow;
export type OrdersItemConnectionModel = Connection<ItemRow>;
