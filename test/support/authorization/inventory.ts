import { randomUUID } from 'node:crypto';
import { gid } from '@shop/testing';
import type { Row } from '../authorization-table';

/**
 * Inventory: every root field is staff's and needs `inventory:write` (the one inventory permission auth knows).
 * Inputs are harmless: unknown variant and warehouse ids, or an invalid warehouse code, so an admitted caller gets
 * userErrors (or an empty page) and nothing changes.
 */
const INVENTORY_WRITE = { kind: 'permission', permission: 'inventory:write' } as const;
const ERRORS = 'userErrors { code }';
/** The global ID of an object of `typeName` that does not exist. */
const nowhereId = (typeName: string) => gid(typeName, randomUUID());
const mutation = (field: string, input: string, select = ERRORS) => ({
  query: `mutation { ${field}(input: ${input}) { ${select} } }`,
});
const ADDRESS = '{ line1: "Matrix 1", city: "Berlin", postalCode: "10115", countryCode: "DE" }';

export const rows: Record<string, Row> = {
  'Query.warehouses': {
    access: INVENTORY_WRITE,
    operation: () => ({ query: `{ warehouses(first: 1) { nodes { id } } }` }),
  },
  'Query.stockLevels': {
    access: INVENTORY_WRITE,
    operation: () => ({
      query: `{ stockLevels(filter: { variantId: "${nowhereId('ProductVariant')}" }, first: 1) { nodes { onHand } } }`,
    }),
  },
  'Query.lowStockItems': {
    access: INVENTORY_WRITE,
    operation: () => ({
      query: `{ lowStockItems(warehouseId: "${nowhereId('Warehouse')}", first: 1) { nodes { onHand } } }`,
    }),
  },
  'Query.stockLedger': {
    access: INVENTORY_WRITE,
    operation: () => ({
      query: `{ stockLedger(filter: { variantId: "${nowhereId('ProductVariant')}" }, first: 1) { nodes { id } } }`,
    }),
  },
  // An invalid code ("!"): refused with INVALID before anything is written.
  'Mutation.warehouseCreate': {
    access: INVENTORY_WRITE,
    operation: () => mutation('warehouseCreate', `{ code: "!", name: "Matrix", address: ${ADDRESS} }`),
  },
  'Mutation.warehouseUpdate': {
    access: INVENTORY_WRITE,
    operation: () => mutation('warehouseUpdate', `{ id: "${nowhereId('Warehouse')}", name: "Matrix" }`),
  },
  'Mutation.warehouseDeactivate': {
    access: INVENTORY_WRITE,
    operation: () => mutation('warehouseDeactivate', `{ id: "${nowhereId('Warehouse')}" }`),
  },
  'Mutation.stockReceive': {
    access: INVENTORY_WRITE,
    operation: () =>
      mutation(
        'stockReceive',
        `{ variantId: "${nowhereId('ProductVariant')}", warehouseId: "${nowhereId('Warehouse')}", quantity: 1 }`,
      ),
  },
  'Mutation.stockAdjust': {
    access: INVENTORY_WRITE,
    operation: () =>
      mutation(
        'stockAdjust',
        `{ variantId: "${nowhereId('ProductVariant')}", warehouseId: "${nowhereId('Warehouse')}", delta: 1 }`,
      ),
  },
  'Mutation.stockTransfer': {
    access: INVENTORY_WRITE,
    operation: () =>
      mutation(
        'stockTransfer',
        `{ variantId: "${nowhereId('ProductVariant')}", fromWarehouseId: "${nowhereId('Warehouse')}", toWarehouseId: "${nowhereId('Warehouse')}", quantity: 1 }`,
      ),
  },
  'Mutation.lowStockThresholdSet': {
    access: INVENTORY_WRITE,
    operation: () => mutation('lowStockThresholdSet', `{ variantId: "${nowhereId('ProductVariant')}", threshold: 1 }`),
  },
};
