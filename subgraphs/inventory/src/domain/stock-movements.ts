import { z } from 'zod';
import { isUuid, newId, ok } from '@shop/core';
import type { Tx } from '@shop/db';
import { SYSTEM_ACTOR } from '@shop/events';
import type { MovementReason, StockView } from '../db/schema';
import { changeOnHand, findStockView, findVariant, insertLedgerEntries, lockStockRows } from '../db/stock.store';
import { findWarehouse } from '../db/warehouses.store';
import { emitAlertCrossings } from './alerts';
import type { InventoryDeps } from './deps';
import { refuse, type InventoryResult } from './errors';
import { availableAt } from './stock-availability';
import type { Viewer } from './viewer';

/** What the stock use cases share: input rules, the lookups they start with, and the movement they all make. */

export const quantity = z.number().int().min(1).max(1_000_000);
export const note = z.string().trim().max(500).nullish();

/** A live variant (catalog-sync.ts keeps inventory's copy of the catalog). */
export async function knownVariant(tx: Tx, id: string) {
  const variant = isUuid(id) ? await findVariant(tx, id) : undefined;
  return variant && variant.deletedAt === null ? variant : undefined;
}

/** An active warehouse's id: stock may only arrive in (or be moved to) a warehouse that is in use. */
export async function activeWarehouse(tx: Tx, id: string, field: string): Promise<InventoryResult<string>> {
  const warehouse = isUuid(id) ? await findWarehouse(tx, id) : undefined;
  if (!warehouse) return refuse('NOT_FOUND', 'No warehouse with this id.', [field]);
  if (!warehouse.active) return refuse('WAREHOUSE_INACTIVE', 'This warehouse is deactivated.', [field]);
  return ok(warehouse.id);
}

export interface Movement {
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
export async function applyMovements(
  deps: InventoryDeps,
  tx: Tx,
  viewer: Viewer,
  movements: Movement[],
): Promise<boolean> {
  await lockStockRows(tx, [...new Set(movements.map((m) => m.variantId))]);
  for (const m of movements) {
    const after = await changeOnHand(tx, m.variantId, m.warehouseId, m.delta);
    if (!after) return false;
    await insertLedgerEntries(tx, [
      {
        id: newId(),
        variantId: m.variantId,
        warehouseId: m.warehouseId,
        reason: m.reason,
        quantity: m.delta,
        onHandAfter: after.onHand,
        actorId: viewer.actorId,
        note: m.note,
      },
    ]);
    await deps.emit(tx, {
      type: 'inventory.stock_changed',
      subject: m.variantId,
      actor: viewer.actorId ? { kind: 'staff', id: viewer.actorId } : SYSTEM_ACTOR,
      data: {
        variantId: m.variantId,
        warehouseId: m.warehouseId,
        reason: m.reason,
        delta: m.delta,
        onHand: after.onHand,
        reserved: after.reserved,
        available: availableAt(after),
      },
    });
  }
  await emitAlertCrossings(
    deps,
    tx,
    movements.map((m) => m.variantId),
  );
  return true;
}

/** A stock level as shown after a change (the row exists: the change just wrote it). */
export async function view(tx: Tx, variantId: string, warehouseId: string): Promise<StockView> {
  const row = await findStockView(tx, variantId, warehouseId);
  if (!row) throw new Error(`stock level ${variantId}/${warehouseId} is missing`);
  return row;
}
