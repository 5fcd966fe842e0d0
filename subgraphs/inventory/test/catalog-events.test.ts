import { count, eq } from 'drizzle-orm';
import { eventually, startTestSubgraph, type TestSubgraph, rawId } from '@shop/testing';
import { seedBulkCatalog } from '../../products/src/seed/bulk';
import { productsSubgraph } from '../../products/src/service';
import {
  createProduct as createCatalogProduct,
  STAFF as CATALOG_STAFF,
  type CreatedProduct,
} from '../../products/test/fixtures';
import { stockLedger, stockLevels, variants, warehouses } from '../src/db/schema';
import { seedBulkInventory, seedDemoInventory, DEMO_WAREHOUSES } from '../src/seed';
import { createWarehouse, startInventoryHarness, type InventoryHarness } from './fixtures';

/**
 * Inventory beside the real products subgraph on one bus (each with its own database): products' events reach
 * inventory's consumer through JetStream, and inventory's seed learns the catalog through `products.variantsPage`.
 */
let h: InventoryHarness;
let products: TestSubgraph;

beforeAll(async () => {
  h = await startInventoryHarness('catalog', { background: true });
  products = await startTestSubgraph(productsSubgraph, { label: 'inventorycatalog', bus: h.bus, background: true });
}, 60_000);

afterAll(async () => {
  await products?.stop();
  await h?.stop();
});

/** An ACTIVE product with one variant per SKU, created through products' API. */
const createProduct = (name: string, skus: string[]): Promise<CreatedProduct> =>
  createCatalogProduct(products, {
    name,
    status: 'ACTIVE',
    options: [{ name: 'Size', values: skus.map((_, i) => `S${i}`) }],
    variants: skus.map((sku, i) => ({ sku, optionValues: [{ name: 'Size', value: `S${i}` }] })),
  });

describe("products' events", () => {
  it('creates zero stock rows in every active warehouse when variant.created arrives', async () => {
    const a = await createWarehouse(h);
    const b = await createWarehouse(h);
    const product = await createProduct('Event mug', [`EV-${Date.now()}-1`, `EV-${Date.now()}-2`]);
    const variantId = rawId(product.variants[0]!.id);
    const rows = await eventually(async () => {
      const found = await h.database.db.select().from(stockLevels).where(eq(stockLevels.variantId, variantId));
      return found.length >= 2 ? found : undefined;
    });
    expect(rows.map((r) => r.warehouseId)).toEqual(expect.arrayContaining([rawId(a), rawId(b)]));
    expect(rows.every((r) => r.onHand === 0 && r.reserved === 0)).toBe(true);
    const [known] = await h.database.db.select().from(variants).where(eq(variants.id, variantId));
    expect(known).toMatchObject({ productId: rawId(product.id), deletedAt: null });
  });

  it('stops counting the variants of a deleted product', async () => {
    const product = await createProduct('Doomed lamp', [`DL-${Date.now()}`]);
    const variantId = rawId(product.variants[0]!.id);
    await eventually(async () =>
      (await h.database.db.select().from(variants).where(eq(variants.id, variantId))).length > 0 ? true : undefined,
    );
    const removed = await products.data<{ productDelete: { userErrors: unknown[] } }>(
      `mutation ($id: ID!) { productDelete(input: { id: $id }) { userErrors { code } } }`,
      { id: product.id },
      CATALOG_STAFF,
    );
    expect(removed.productDelete.userErrors).toEqual([]);
    const deleted = await eventually(async () => {
      const [row] = await h.database.db.select().from(variants).where(eq(variants.id, variantId));
      return row?.deletedAt ? row : undefined;
    });
    expect(deleted.deletedAt).toBeInstanceOf(Date);
  });
});

describe('the seed', () => {
  it('creates two warehouses and stock for every live variant, some low and some out of stock, and changes nothing the second time', async () => {
    const created: string[] = [];
    for (let i = 0; i < 4; i++) {
      const product = await createProduct(`Seed shirt ${i}`, [
        `SS-${Date.now()}-${i}-a`,
        `SS-${Date.now()}-${i}-b`,
        `SS-${Date.now()}-${i}-c`,
      ]);
      created.push(...product.variants.map((v) => rawId(v.id)));
    }
    // Let variant.created finish first, so the snapshots below compare the seed's work only.
    await eventually(async () => {
      const known = await h.database.db.select({ id: variants.id }).from(variants);
      return created.every((id) => known.some((k) => k.id === id)) ? true : undefined;
    });
    const first = await seedDemoInventory(h.subgraph.deps);
    expect(first.variants).toBeGreaterThanOrEqual(12);
    const codes = (await h.database.db.select({ code: warehouses.code }).from(warehouses)).map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(DEMO_WAREHOUSES.map((w) => w.code)));
    const snapshot = async () => ({
      levels: (await h.database.db.select({ n: count() }).from(stockLevels))[0]!.n,
      ledger: (await h.database.db.select({ n: count() }).from(stockLedger))[0]!.n,
      onHand: (await h.database.db.select({ onHand: stockLevels.onHand }).from(stockLevels))
        .map((r) => r.onHand)
        .sort((x, y) => x - y),
    });
    const before = await snapshot();
    expect(before.onHand.filter((q) => q === 2).length).toBeGreaterThan(0);
    const again = await seedBulkInventory(h.subgraph.deps);
    expect(again.stockRows).toBe(0);
    expect(await snapshot()).toEqual(before);
  });
});

describe('seedBulkInventory', () => {
  it('stocks every variant of a bulk catalog in batched inserts', async () => {
    const catalog = await seedBulkCatalog(products.subgraph.deps, { products: 1000, variantsPerProduct: 3 });
    const started = Date.now();
    const result = await seedBulkInventory(h.subgraph.deps);
    const seconds = (Date.now() - started) / 1000;
    h.logger.info({ seconds, result }, 'bulk inventory seed');
    expect(result.stockRows).toBeGreaterThanOrEqual(catalog.variants * 2);
    const [known] = await h.database.db.select({ n: count() }).from(variants);
    expect(known!.n).toBeGreaterThanOrEqual(catalog.variants);
    // Loose on purpose (a loaded 2-core CI machine took 32 s): the batching itself is what `pnpm bench` measures.
    expect(seconds).toBeLessThan(90);
  }, 150_000);
});
