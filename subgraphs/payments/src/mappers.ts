import type { Connection } from '@shop/core';
import type { ItemRow } from './db/schema';

/** What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>). */
export type PaymentsItemModel = ItemRow;
export type PaymentsItemConnectionModel = Connection<ItemRow>;
