import { z } from 'zod';
import { isUuid, newId, ok } from '@shop/core';
import { findWarehouse, insertWarehouse, isWarehouseCodeTaken, updateWarehouseRow } from '../db/warehouses.store';
import type { StoredAddress, WarehouseRow } from '../db/schema';
import type { InventoryDeps } from './deps';
import { refuse, type InventoryResult } from './errors';
import { runInTransaction } from '@shop/db';
import { validate } from './validation';

const addressSchema = z.object({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).nullish(),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().max(100).nullish(),
  postalCode: z.string().trim().min(1).max(20),
  countryCode: z.string().regex(/^[A-Z]{2}$/, 'Use an ISO 3166-1 alpha-2 code, e.g. "DE".'),
});

const createSchema = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9-]{2,32}$/, 'Use 2 to 32 letters, digits or dashes.'),
  name: z.string().trim().min(1).max(200),
  address: addressSchema,
  priority: z.number().int().min(0).max(10000).nullish(),
  lowStockThreshold: z.number().int().min(0).max(1000000).nullish(),
});

const updateSchema = z.object({
  id: z.string(),
  name: z.string().trim().min(1).max(200).nullish(),
  address: addressSchema.nullish(),
  priority: z.number().int().min(0).max(10000).nullish(),
  lowStockThreshold: z.number().int().min(0).max(1000000).nullish(),
});

export type WarehouseCreateInput = z.input<typeof createSchema>;
export type WarehouseUpdateInput = z.input<typeof updateSchema>;

const toAddress = (a: z.output<typeof addressSchema>): StoredAddress => ({
  line1: a.line1,
  line2: a.line2 ?? null,
  city: a.city,
  region: a.region ?? null,
  postalCode: a.postalCode,
  countryCode: a.countryCode,
});

const codeTaken = (code: string) => refuse('CODE_TAKEN', `Warehouse code "${code}" is already used.`, ['code']);

export async function createWarehouse(deps: InventoryDeps, raw: WarehouseCreateInput): Promise<InventoryResult<WarehouseRow>> {
  const parsed = validate(createSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  return runInTransaction(
    deps.db,
    async (tx) => {
      if (await isWarehouseCodeTaken(tx, input.code)) return codeTaken(input.code);
      const row = await insertWarehouse(tx, {
        id: newId(),
        code: input.code,
        name: input.name,
        address: toAddress(input.address),
        priority: input.priority ?? 100,
        lowStockThreshold: input.lowStockThreshold ?? 5,
      });
      return ok(row);
    },
    (violation) => (violation.constraint === 'warehouses_code_key' ? codeTaken(input.code).errors[0]! : null),
  );
}

export async function updateWarehouse(deps: InventoryDeps, raw: WarehouseUpdateInput): Promise<InventoryResult<WarehouseRow>> {
  const parsed = validate(updateSchema, raw);
  if (!parsed.ok) return parsed;
  const input = parsed.value;
  return runInTransaction(deps.db, async (tx) => {
    const existing = isUuid(input.id) ? await findWarehouse(tx, input.id) : undefined;
    if (!existing) return refuse('NOT_FOUND', 'No warehouse with this id.', ['id']);
    const row = await updateWarehouseRow(tx, existing.id, {
      ...(input.name != null ? { name: input.name } : {}),
      ...(input.address != null ? { address: toAddress(input.address) } : {}),
      ...(input.priority != null ? { priority: input.priority } : {}),
      ...(input.lowStockThreshold != null ? { lowStockThreshold: input.lowStockThreshold } : {}),
    });
    return ok(row);
  });
}

/** Stops allocating from a warehouse; its stock stays recorded (and counts again if it is reactivated). */
export async function deactivateWarehouse(deps: InventoryDeps, raw: { id: string }): Promise<InventoryResult<WarehouseRow>> {
  return runInTransaction(deps.db, async (tx) => {
    const existing = isUuid(raw.id) ? await findWarehouse(tx, raw.id) : undefined;
    if (!existing) return refuse('NOT_FOUND', 'No warehouse with this id.', ['id']);
    if (!existing.active) return ok(existing);
    return ok(await updateWarehouseRow(tx, existing.id, { active: false }));
  });
}
