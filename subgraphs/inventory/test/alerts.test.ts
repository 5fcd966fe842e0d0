import { newId } from '@shop/core';
import { reserveStock } from '../src/domain/reserve-stock';
import { harnessPerFile, USER_ERRORS } from '@shop/testing';
import { STAFF, createWarehouse, knownVariant, receive, startInventoryHarness, variantGid } from './fixtures';

const h = harnessPerFile(() => startInventoryHarness('alerts'));

const alertsOf = async (variantId: string) =>
  (await h.outboxEvents())
    .filter(
      (e) => (e.type === 'inventory.low_stock' || e.type === 'inventory.back_in_stock') && e.subject === variantId,
    )
    .map((e) => [e.type, e.data.available]);

const adjust = (variantId: string, warehouseId: string, delta: number) =>
  h.data(
    `mutation ($input: StockAdjustInput!) { stockAdjust(input: $input) { ${USER_ERRORS} } }`,
    { input: { variantId: variantGid(variantId), warehouseId, delta } },
    STAFF,
  );

describe('low-stock alerts', () => {
  it('emits low_stock once per crossing and back_in_stock when available rises above the threshold again', async () => {
    const wh = await createWarehouse(h, { lowStockThreshold: 3 });
    const variant = await knownVariant(h);
    await receive(h, variant, wh, 10); // a new row starts low: rising above 3 is a recovery
    await adjust(variant, wh, -6); // 4: still above
    await adjust(variant, wh, -1); // 3: crossing
    await adjust(variant, wh, -1); // 2: already low, no second event
    await reserveStock(h.deps, {
      idempotencyKey: newId(),
      reference: 'o',
      lines: [{ variantId: variant, quantity: 2 }],
    }); // 0 available
    await receive(h, variant, wh, 5); // 5 available: recovered
    expect(await alertsOf(variant)).toEqual([
      ['inventory.back_in_stock', 10],
      ['inventory.low_stock', 3],
      ['inventory.back_in_stock', 5],
    ]);
  });

  it('a reservation that takes available to the threshold is itself the crossing, stored on the row', async () => {
    const wh = await createWarehouse(h, { lowStockThreshold: 3 });
    const variant = await knownVariant(h);
    await receive(h, variant, wh, 10);
    const reserve = (quantity: number) =>
      reserveStock(h.deps, { idempotencyKey: newId(), reference: 'o', lines: [{ variantId: variant, quantity }] });
    await reserve(6); // 4 available: above
    expect(await alertsOf(variant)).toEqual([['inventory.back_in_stock', 10]]);
    await reserve(1); // 3 available: crossing
    await reserve(1); // 2: already low
    expect(await alertsOf(variant)).toEqual([
      ['inventory.back_in_stock', 10],
      ['inventory.low_stock', 3],
    ]);
    const levels = await h.data<{ stockLevels: { nodes: { lowStock: boolean; available: number }[] } }>(
      `query ($f: StockLevelFilter) { stockLevels(filter: $f) { nodes { lowStock available } } }`,
      { f: { variantId: variantGid(variant), warehouseId: wh } },
      STAFF,
    );
    expect(levels.stockLevels.nodes).toEqual([{ lowStock: true, available: 2 }]);
  });

  it("uses the variant's own threshold over the warehouse default, and a new threshold can itself be a crossing", async () => {
    const wh = await createWarehouse(h, { lowStockThreshold: 2 });
    const variant = await knownVariant(h);
    await receive(h, variant, wh, 8);
    const set = await h.data<{ lowStockThresholdSet: { variantId: string; threshold: number } }>(
      `mutation ($input: LowStockThresholdSetInput!) { lowStockThresholdSet(input: $input) { variantId threshold ${USER_ERRORS} } }`,
      { input: { variantId: variantGid(variant), threshold: 10 } },
      STAFF,
    );
    expect(set.lowStockThresholdSet).toMatchObject({ variantId: variantGid(variant), threshold: 10 });
    const levels = await h.data<{ stockLevels: { nodes: { lowStockThreshold: number; lowStock: boolean }[] } }>(
      `query ($f: StockLevelFilter) { stockLevels(filter: $f) { nodes { lowStockThreshold lowStock } } }`,
      { f: { variantId: variantGid(variant), warehouseId: wh } },
      STAFF,
    );
    expect(levels.stockLevels.nodes).toEqual([{ lowStockThreshold: 10, lowStock: true }]);
    expect(await alertsOf(variant)).toEqual([
      ['inventory.back_in_stock', 8],
      ['inventory.low_stock', 8],
    ]);
    const unknown = await h.data<{ lowStockThresholdSet: { userErrors: { code: string }[] } }>(
      `mutation { lowStockThresholdSet(input: { variantId: "${variantGid(newId())}", threshold: 1 }) { ${USER_ERRORS} } }`,
      {},
      STAFF,
    );
    expect(unknown.lowStockThresholdSet.userErrors[0]).toMatchObject({ code: 'NOT_FOUND' });
  });
});
