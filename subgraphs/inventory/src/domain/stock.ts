import { z } from 'zod';
import { isUuid, newId, ok } from '@shop/core';
import type { Tx } from '@shop/db';
import type { MovementReason, StockView } from '../db/schema';
import {
  changeOnHand,
  findStockView,
  findVariant,
  insertLedgerEntries,
  lockStockRows,
  setVariantThreshold,
} from '../db/stock.store';
import { findWarehouse } from '../db/warehouses.store';
import { emitAlertCrossings } from './alerts';
import type { InventoryDeps } from './deps';
import { refuse, type InventoryResult } from './errors';
import { runInTransaction } from '@shop/db';
import { validate } from './validation';
import type { Viewer } from './viewer';

const quantity = z.number().int().min(1).max(1_000_000);
const note = z.string().trim().max(500).nullish();

const receiveSchema = z.object({ variantId: z.string(), warehouseId: z.string(), quantity, reason: z.enum(['RECEIVE', 'RETURN']).nullish(), note });
const adjustSchema = z.object({
  variantId: z.string(),
  warehouseId: z.string(),
  delta: z.number().int().min(-1_000_000).max(1_000_000).refine((d) => d !== 0, 'The adjustment must not be zero.'),
  note,
});
const transferSchema = z.object({ variantId: z.string(), fromWarehouseId: z.string(), toWarehouseId: z.string(), quantity, note });
const thresholdSchema = z.object({ variantId: z.string(), threshold: z.number().int().min(0).max(1_000_000).nullish() });

export type StockReceiveInput = z.input<typeof receiveSchema>;
export type StockAdjustInput = z.input<typeof adjustSchema>;
export type StockTransferInput = z.input<typeof transferSchema>;
export type ThresholdSetInput = z.input<typeof thresholdSchema>;

async function knownVariant(tx: Tx, id: string) {
  const variant = isUuid(id) ? await findVariant(tx, id) : undefined;
  return variant && variant.deletedAt === null ? variant : undefined;
}

async function activeWarehouse(tx: Tx, id: string, field: string): Promise<InventoryResult<string>> {
  const warehouse = isUuid(id) ? await findWarehouse(tx, id) : undefined;
  if (!warehouse) return refuse('NOT_FOUND', 'No warehouse with this id.', [field]);
  if (!warehouse.active) return refuse('WAREHOUSE_INACTIVE', 'This warehouse is deactivated.', [field]);
  return ok(warehouse.id);
}

interface Movement {
  variantId: string;
  warehouseId: string;
  reason: MovementReason;
  delta: number;
  note: string;
}

/**
 * Applies on-hand movements with their ledger entries and `inventory.stock_changed` events. Returns false when a
 * movement would take on hand below what is reserved (the conditional UPDATE changed nothing); the caller then
 * returns a userError, which rolls back the movements already applied.
 */
async function applyMovements(deps: InventoryDeps, tx: Tx, viewer: Viewer, movements: Movement[]): Promise<boolean> {
  await lockStockRows(tx, [...new Set(movements.map((m) => m.variantId))]);
  for (const m of movements) {
    const after = await changeOnHand(tx, m.variantId, m.warehouseId, m.delta);
    if (!after) return false;
    await insertLedgerEntries(tx, [
      { id: newId(), variantId: m.variantId, warehouseId: m.warehouseId, reason: m.reason, quantity: m.delta, onHandAfter: after.onHand, actorId: viewer.actorId, note: m.note },
    ]);
    await deps.emit(tx, {
      type: 'inventory.stock_changed',
      subject: m.variantId,
      actor: viewer.actorId ? { kind: 'staff', id: viewer.actorId } : { kind: 'system', id: null },
      data: { variantId: m.variantId, warehouseId: m.warehouseId, reason: m.reason, delta: m.delta, onHand: after.onHand, reserved: after.reserved, available: after.onHand - after.reserved },
    });
  }
  await emitAlertCrossings(deps, tx, movements.map((m) => m.variantId));
  return true;
}

async function view(tx: Tx, variantId: string, warehouseId: string): Promise<StockView> {
  const row = await findStockView(tx, variantId, warehouseId);
  if (!row) throw new Error(`stock level ${variantId}/${warehouseId} is missing`);
  return row;
}

/** Goods arrive (RECEIVE) or come back from a customer (RETURN). */
export async function receiveStock(deps: InventoryDeps, viewer: Viewer, raw: StockReceiveInput): Promise<InventoryResult<StockView>> {
  const parsed = validate(receiveSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  return runInTransaction(deps.db, async (tx) => {
    if (!(await knownVariant(tx, input.variantId))) return refuse('NOT_FOUND', 'No variant with this id.', ['variantId']);
    const warehouse = await activeWarehouse(tx, input.warehouseId, 'warehouseId');
    if (!warehouse.ok) return warehouse;
    await applyMovements(deps, tx, viewer, [
      { variantId: input.variantId, warehouseId: warehouse.value, reason: input.reason ?? 'RECEIVE', delta: input.quantity, note: input.note ?? '' },
    ]);
    return ok(await view(tx, input.variantId, warehouse.value));
  });
}

/** A correction after a count (damage, loss, found stock): on hand may not drop below what is reserved. */
export async function adjustStock(deps: InventoryDeps, viewer: Viewer, raw: StockAdjustInput): Promise<InventoryResult<StockView>> {
  const parsed = validate(adjustSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  return runInTransaction(deps.db, async (tx) => {
    if (!(await knownVariant(tx, input.variantId))) return refuse('NOT_FOUND', 'No variant with this id.', ['variantId']);
    const warehouse = isUuid(input.warehouseId) ? await findWarehouse(tx, input.warehouseId) : undefined;
    if (!warehouse) return refuse('NOT_FOUND', 'No warehouse with this id.', ['warehouseId']);
    const applied = await applyMovements(deps, tx, viewer, [
      { variantId: input.variantId, warehouseId: warehouse.id, reason: 'ADJUST', delta: input.delta, note: input.note ?? '' },
    ]);
    if (!applied) return refuse('INSUFFICIENT_STOCK', 'On hand cannot drop below zero or below the reserved quantity.', ['delta']);
    return ok(await view(tx, input.variantId, warehouse.id));
  });
}

/** Moves units between warehouses: both sides or neither (one transaction). */
export async function transferStock(
  deps: InventoryDeps,
  viewer: Viewer,
  raw: StockTransferInput,
): Promise<InventoryResult<{ from: StockView; to: StockView }>> {
  const parsed = validate(transferSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  if (input.fromWarehouseId === input.toWarehouseId) return refuse('SAME_WAREHOUSE', 'Choose two different warehouses.', ['toWarehouseId']);
  return runInTransaction(deps.db, async (tx) => {
    if (!(await knownVariant(tx, input.variantId))) return refuse('NOT_FOUND', 'No variant with this id.', ['variantId']);
    const from = isUuid(input.fromWarehouseId) ? await findWarehouse(tx, input.fromWarehouseId) : undefined;
    if (!from) return refuse('NOT_FOUND', 'No warehouse with this id.', ['fromWarehouseId']);
    const to = await activeWarehouse(tx, input.toWarehouseId, 'toWarehouseId');
    if (!to.ok) return to;
    const note = input.note ?? '';
    const applied = await applyMovements(deps, tx, viewer, [
      { variantId: input.variantId, warehouseId: from.id, reason: 'TRANSFER_OUT', delta: -input.quantity, note },
      { variantId: input.variantId, warehouseId: to.value, reason: 'TRANSFER_IN', delta: input.quantity, note },
    ]);
    if (!applied) return refuse('INSUFFICIENT_STOCK', 'The source warehouse does not have this many unreserved units.', ['quantity']);
    return ok({ from: await view(tx, input.variantId, from.id), to: await view(tx, input.variantId, to.value) });
  });
}

/** Sets a variant's own low-stock threshold; null falls back to each warehouse's default. */
export async function setLowStockThreshold(
  deps: InventoryDeps,
  raw: ThresholdSetInput,
): Promise<InventoryResult<{ variantId: string; threshold: number | null }>> {
  const parsed = validate(thresholdSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  return runInTransaction(deps.db, async (tx) => {
    if (!(await knownVariant(tx, input.variantId))) return refuse('NOT_FOUND', 'No variant with this id.', ['variantId']);
    await lockStockRows(tx, [input.variantId]);
    await setVariantThreshold(tx, input.variantId, input.threshold ?? null);
    // A new threshold can itself be a crossing.
    await emitAlertCrossings(deps, tx, [input.variantId]);
    return ok({ variantId: input.variantId, threshold: input.threshold ?? null });
  });
}
