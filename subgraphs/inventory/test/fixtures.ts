import type { Bus } from '@shop/bus';
import { isUuid, newId } from '@shop/core';
import { gid, staff, startTestSubgraph, unique, type Caller, type TestSubgraph } from '@shop/testing';
import { inventoryDepsOf } from '../src/context';
import { trackVariants } from '../src/domain/catalog-sync';
import type { InventoryDeps } from '../src/domain/deps';
import { inventorySubgraph } from '../src/service';

/** Inventory's own test pieces: the subgraph on the shared harness with its use cases' dependencies, its staff callers, and stock fixtures. */

export interface InventoryHarness extends TestSubgraph {
  /** The use cases' dependencies, for direct calls (reservations, sweeps). */
  deps: InventoryDeps;
}

export async function startInventoryHarness(
  label: string,
  options: { background?: boolean; maxConnections?: number; bus?: Bus } = {},
): Promise<InventoryHarness> {
  const h = await startTestSubgraph(inventorySubgraph, { label, ...options });
  return { ...h, deps: inventoryDepsOf(h.subgraph.deps) };
}

/** Staff with `inventory:write`. */
export const STAFF: Caller = staff(['inventory:write']);
/** Staff without inventory permissions. */
export const OTHER_STAFF: Caller = staff(['catalog:write']);

/** A warehouse code no other call returns (2 to 32 letters, digits or dashes). */
export const uniqueCode = (prefix: string): string => unique(prefix).slice(0, 32);

export const ADDRESS = { line1: 'Lagerstraße 1', city: 'Berlin', postalCode: '10115', countryCode: 'DE' };

/** Creates a warehouse through the API: its global ID. */
export async function createWarehouse(
  h: InventoryHarness,
  input: { priority?: number; lowStockThreshold?: number; code?: string } = {},
): Promise<string> {
  const { warehouse } = await h.mutate<{ warehouse: { id: string } }>(
    'warehouseCreate',
    { code: input.code ?? uniqueCode('WH'), name: 'Test warehouse', address: ADDRESS, ...input },
    'warehouse { id }',
    STAFF,
  );
  return warehouse.id;
}

/** A variant inventory knows of, as `variant.created` would record it (the consumer itself is tested separately): its raw UUID. */
export async function knownVariant(h: InventoryHarness, productId: string = newId()): Promise<string> {
  const id = newId();
  await h.database.db.transaction((tx) => trackVariants(tx, [{ id, productId, sku: `SKU-${id.slice(-8)}` }]));
  return id;
}

/** The global ID of a variant named by its raw UUID (as inventory's tables and products' events know it), or the global ID itself. */
export const variantGid = (variantId: string): string =>
  isUuid(variantId) ? gid('ProductVariant', variantId) : variantId;

/** Receives stock of a variant (a raw UUID, as `knownVariant` returns, or a global ID) into a warehouse (its global ID). */
export async function receive(
  h: InventoryHarness,
  variantId: string,
  warehouseId: string,
  quantity: number,
): Promise<void> {
  await h.mutate('stockReceive', { variantId: variantGid(variantId), warehouseId, quantity }, '', STAFF);
}
