import { newId } from '@shop/core';
import { reserveStock } from '../src/domain/reserve-stock';
import { harnessPerFile, ANONYMOUS, CUSTOMER_A, gid, USER_ERRORS, type UserErrorBody } from '@shop/testing';
import {
  OTHER_STAFF,
  STAFF,
  createWarehouse,
  knownVariant,
  receive,
  startInventoryHarness,
  uniqueCode,
  variantGid,
  ADDRESS,
} from './fixtures';

const h = harnessPerFile(() => startInventoryHarness('stock'));

const LEVEL = 'variant { id } warehouse { id } onHand reserved available lowStockThreshold lowStock';
interface Level {
  onHand: number;
  reserved: number;
  available: number;
  lowStock: boolean;
}

async function adjust(variantId: string, warehouseId: string, delta: number) {
  const data = await h.data<{ stockAdjust: { stockLevel: Level | null; userErrors: UserErrorBody[] } }>(
    `mutation ($input: StockAdjustInput!) { stockAdjust(input: $input) { stockLevel { ${LEVEL} } ${USER_ERRORS} } }`,
    { input: { variantId: variantGid(variantId), warehouseId, delta, note: 'count' } },
    STAFF,
  );
  return data.stockAdjust;
}

async function transfer(variantId: string, fromWarehouseId: string, toWarehouseId: string, quantity: number) {
  const data = await h.data<{ stockTransfer: { from: Level | null; to: Level | null; userErrors: UserErrorBody[] } }>(
    `mutation ($input: StockTransferInput!) { stockTransfer(input: $input) { from { ${LEVEL} } to { ${LEVEL} } ${USER_ERRORS} } }`,
    { input: { variantId: variantGid(variantId), fromWarehouseId, toWarehouseId, quantity } },
    STAFF,
  );
  return data.stockTransfer;
}

async function ledger(variantId: string) {
  const data = await h.data<{
    stockLedger: {
      nodes: {
        reason: string;
        quantity: number;
        onHandAfter: number;
        actorId: string | null;
        warehouse: { id: string };
      }[];
    };
  }>(
    `query ($f: StockLedgerFilter) { stockLedger(filter: $f, first: 50) { nodes { reason quantity onHandAfter actorId warehouse { id } } } }`,
    { f: { variantId: variantGid(variantId) } },
    STAFF,
  );
  return data.stockLedger.nodes;
}

describe('warehouses', () => {
  it('creates, updates and deactivates a warehouse, and lists only active ones by default', async () => {
    const code = uniqueCode('BER');
    const created = await h.data<{
      warehouseCreate: {
        warehouse: { id: string; code: string; priority: number; active: boolean; address: { city: string } };
      };
    }>(
      `mutation ($input: WarehouseCreateInput!) { warehouseCreate(input: $input) { warehouse { id code priority active address { city } } ${USER_ERRORS} } }`,
      { input: { code, name: 'Berlin', address: ADDRESS, priority: 3 } },
      STAFF,
    );
    const id = created.warehouseCreate.warehouse.id;
    expect(created.warehouseCreate.warehouse).toMatchObject({
      code,
      priority: 3,
      active: true,
      address: { city: 'Berlin' },
    });

    const updated = await h.data<{ warehouseUpdate: { warehouse: { name: string; priority: number } } }>(
      `mutation ($input: WarehouseUpdateInput!) { warehouseUpdate(input: $input) { warehouse { name priority } ${USER_ERRORS} } }`,
      { input: { id, name: 'Berlin Nord', priority: 7 } },
      STAFF,
    );
    expect(updated.warehouseUpdate.warehouse).toEqual({ name: 'Berlin Nord', priority: 7 });

    await h.data(
      `mutation ($id: ID!) { warehouseDeactivate(input: { id: $id }) { warehouse { active } ${USER_ERRORS} } }`,
      { id },
      STAFF,
    );
    const active = await h.data<{ warehouses: { nodes: { id: string }[] } }>(
      `{ warehouses(first: 100) { nodes { id } } }`,
      {},
      STAFF,
    );
    expect(active.warehouses.nodes.map((w) => w.id)).not.toContain(id);
    const all = await h.data<{ warehouses: { nodes: { id: string; active: boolean }[] } }>(
      `{ warehouses(first: 100, includeInactive: true) { nodes { id active } } }`,
      {},
      STAFF,
    );
    expect(all.warehouses.nodes).toContainEqual({ id, active: false });
  });

  it('refuses a taken code (ignoring case), a malformed country and an unknown id with userErrors', async () => {
    const code = uniqueCode('DUP');
    await createWarehouse(h, { code });
    const dup = await h.data<{ warehouseCreate: { warehouse: null; userErrors: UserErrorBody[] } }>(
      `mutation ($input: WarehouseCreateInput!) { warehouseCreate(input: $input) { warehouse { id } ${USER_ERRORS} } }`,
      { input: { code: code.toLowerCase(), name: 'x', address: ADDRESS } },
      STAFF,
    );
    expect(dup.warehouseCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'CODE_TAKEN', field: ['input', 'code'] }),
    ]);
    const bad = await h.data<{ warehouseCreate: { userErrors: UserErrorBody[] } }>(
      `mutation ($input: WarehouseCreateInput!) { warehouseCreate(input: $input) { warehouse { id } ${USER_ERRORS} } }`,
      { input: { code: uniqueCode('X'), name: 'x', address: { ...ADDRESS, countryCode: 'Germany' } } },
      STAFF,
    );
    expect(bad.warehouseCreate.userErrors[0]).toMatchObject({
      code: 'INVALID',
      field: ['input', 'address', 'countryCode'],
    });
    const missing = await h.data<{ warehouseUpdate: { userErrors: UserErrorBody[] } }>(
      `mutation { warehouseUpdate(input: { id: "${gid('Warehouse', newId())}", name: "x" }) { warehouse { id } ${USER_ERRORS} } }`,
      {},
      STAFF,
    );
    expect(missing.warehouseUpdate.userErrors[0]).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'id'] });
  });

  it('denies customers and staff without inventory:write', async () => {
    for (const caller of [CUSTOMER_A, OTHER_STAFF, ANONYMOUS]) {
      const body = await h.request(`{ warehouses(first: 1) { nodes { id } } }`, {}, caller);
      expect(body.data).toBeNull();
      expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(body.errors?.[0]?.extensions?.code);
    }
  });
});

describe('stock changes', () => {
  it('receives stock and records a RECEIVE ledger entry with the actor and a stock_changed event', async () => {
    const wh = await createWarehouse(h);
    const variant = await knownVariant(h);
    const data = await h.data<{ stockReceive: { stockLevel: Level } }>(
      `mutation ($input: StockReceiveInput!) { stockReceive(input: $input) { stockLevel { ${LEVEL} } ${USER_ERRORS} } }`,
      { input: { variantId: variantGid(variant), warehouseId: wh, quantity: 12 } },
      STAFF,
    );
    expect(data.stockReceive.stockLevel).toMatchObject({ onHand: 12, reserved: 0, available: 12, lowStock: false });
    const entries = await ledger(variant);
    expect(entries).toEqual([
      expect.objectContaining({ reason: 'RECEIVE', quantity: 12, onHandAfter: 12, warehouse: { id: wh } }),
    ]);
    expect(entries[0]!.actorId).toEqual(expect.any(String));
    const events = (await h.outboxEvents('inventory.stock_changed')).filter((e) => e.subject === variant);
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ reason: 'RECEIVE', delta: 12, onHand: 12, available: 12 }),
    ]);
  });

  it('records a customer return as RETURN', async () => {
    const wh = await createWarehouse(h);
    const variant = await knownVariant(h);
    await h.data(
      `mutation ($input: StockReceiveInput!) { stockReceive(input: $input) { ${USER_ERRORS} } }`,
      { input: { variantId: variantGid(variant), warehouseId: wh, quantity: 1, reason: 'RETURN' } },
      STAFF,
    );
    expect((await ledger(variant)).map((e) => e.reason)).toEqual(['RETURN']);
  });

  it('refuses receiving for an unknown variant, an unknown or inactive warehouse, or a non-positive quantity', async () => {
    const wh = await createWarehouse(h);
    const variant = await knownVariant(h);
    const call = async (input: Record<string, unknown>) =>
      (
        await h.data<{ stockReceive: { stockLevel: null; userErrors: UserErrorBody[] } }>(
          `mutation ($input: StockReceiveInput!) { stockReceive(input: $input) { stockLevel { onHand } ${USER_ERRORS} } }`,
          { input },
          STAFF,
        )
      ).stockReceive.userErrors[0];
    expect(await call({ variantId: variantGid(newId()), warehouseId: wh, quantity: 1 })).toMatchObject({
      code: 'NOT_FOUND',
      field: ['input', 'variantId'],
    });
    expect(
      await call({ variantId: variantGid(variant), warehouseId: gid('Warehouse', newId()), quantity: 1 }),
    ).toMatchObject({ code: 'NOT_FOUND', field: ['input', 'warehouseId'] });
    expect(await call({ variantId: variantGid(variant), warehouseId: wh, quantity: 0 })).toMatchObject({
      code: 'INVALID',
      field: ['input', 'quantity'],
    });
    const inactive = await createWarehouse(h);
    await h.data(
      `mutation ($id: ID!) { warehouseDeactivate(input: { id: $id }) { ${USER_ERRORS} } }`,
      { id: inactive },
      STAFF,
    );
    expect(await call({ variantId: variantGid(variant), warehouseId: inactive, quantity: 1 })).toMatchObject({
      code: 'WAREHOUSE_INACTIVE',
    });
  });

  it('adjusts on hand up and down but never below what is reserved', async () => {
    const wh = await createWarehouse(h);
    const variant = await knownVariant(h);
    await receive(h, variant, wh, 10);
    expect((await adjust(variant, wh, -3)).stockLevel).toMatchObject({ onHand: 7, available: 7 });
    await reserveStock(h.deps, {
      idempotencyKey: newId(),
      reference: 'order-1',
      lines: [{ variantId: variant, quantity: 5 }],
    });
    const refused = await adjust(variant, wh, -3);
    expect(refused.stockLevel).toBeNull();
    expect(refused.userErrors[0]).toMatchObject({ code: 'INSUFFICIENT_STOCK', field: ['input', 'delta'] });
    expect((await adjust(variant, wh, -2)).stockLevel).toMatchObject({ onHand: 5, reserved: 5, available: 0 });
    expect((await ledger(variant)).map((e) => [e.reason, e.quantity, e.onHandAfter])).toEqual([
      ['ADJUST', -2, 5],
      ['ADJUST', -3, 7],
      ['RECEIVE', 10, 10],
    ]);
  });

  it('transfers both sides in one transaction and writes TRANSFER_OUT and TRANSFER_IN entries', async () => {
    const a = await createWarehouse(h);
    const b = await createWarehouse(h);
    const variant = await knownVariant(h);
    await receive(h, variant, a, 8);
    const moved = await transfer(variant, a, b, 5);
    expect(moved.from).toMatchObject({ onHand: 3 });
    expect(moved.to).toMatchObject({ onHand: 5 });
    const entries = await ledger(variant);
    expect(entries.slice(0, 2).map((e) => [e.reason, e.quantity, e.warehouse.id])).toEqual([
      ['TRANSFER_IN', 5, b],
      ['TRANSFER_OUT', -5, a],
    ]);
  });

  it('leaves both warehouses untouched when a transfer asks for more than the source has', async () => {
    const a = await createWarehouse(h);
    const b = await createWarehouse(h);
    const variant = await knownVariant(h);
    await receive(h, variant, a, 2);
    const refused = await transfer(variant, a, b, 3);
    expect(refused).toMatchObject({
      from: null,
      to: null,
      userErrors: [expect.objectContaining({ code: 'INSUFFICIENT_STOCK' })],
    });
    expect((await transfer(variant, a, a, 1)).userErrors[0]).toMatchObject({ code: 'SAME_WAREHOUSE' });
    const levels = await h.data<{ stockLevels: { nodes: { warehouse: { id: string }; onHand: number }[] } }>(
      `query ($f: StockLevelFilter) { stockLevels(filter: $f) { nodes { warehouse { id } onHand } } }`,
      { f: { variantId: variantGid(variant) } },
      STAFF,
    );
    expect(levels.stockLevels.nodes.find((l) => l.warehouse.id === a)?.onHand).toBe(2);
    expect(levels.stockLevels.nodes.find((l) => l.warehouse.id === b)?.onHand ?? 0).toBe(0);
    expect((await ledger(variant)).map((e) => e.reason)).toEqual(['RECEIVE']);
  });

  it('lists stock levels by warehouse, low-stock items only, and a page at a time', async () => {
    const wh = await createWarehouse(h, { lowStockThreshold: 3 });
    const low = await knownVariant(h);
    const plenty = await knownVariant(h);
    await receive(h, low, wh, 2);
    await receive(h, plenty, wh, 50);
    const page = await h.data<{ stockLevels: { nodes: { variant: { id: string } }[] } }>(
      `query ($f: StockLevelFilter) { stockLevels(filter: $f, first: 100) { nodes { variant { id } } } }`,
      { f: { warehouseId: wh, lowStockOnly: true } },
      STAFF,
    );
    expect(page.stockLevels.nodes.map((n) => n.variant.id)).toEqual([variantGid(low)]);
    const reorder = await h.data<{ lowStockItems: { nodes: { variant: { id: string }; available: number }[] } }>(
      `query ($wh: ID) { lowStockItems(warehouseId: $wh, first: 100) { nodes { variant { id } available } } }`,
      { wh },
      STAFF,
    );
    expect(reorder.lowStockItems.nodes).toEqual([{ variant: { id: variantGid(low) }, available: 2 }]);
    const first = await h.data<{
      stockLevels: { nodes: { variant: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    }>(
      `query ($f: StockLevelFilter) { stockLevels(filter: $f, first: 1) { nodes { variant { id } } pageInfo { hasNextPage endCursor } } }`,
      { f: { warehouseId: wh } },
      STAFF,
    );
    expect(first.stockLevels.pageInfo.hasNextPage).toBe(true);
    const second = await h.data<{
      stockLevels: { nodes: { variant: { id: string } }[]; pageInfo: { hasNextPage: boolean } };
    }>(
      `query ($f: StockLevelFilter, $after: String) { stockLevels(filter: $f, first: 1, after: $after) { nodes { variant { id } } pageInfo { hasNextPage } } }`,
      { f: { warehouseId: wh }, after: first.stockLevels.pageInfo.endCursor },
      STAFF,
    );
    expect(second.stockLevels.pageInfo.hasNextPage).toBe(false);
    expect(new Set([...first.stockLevels.nodes, ...second.stockLevels.nodes].map((n) => n.variant.id))).toEqual(
      new Set([low, plenty].map(variantGid)),
    );
  });
});
