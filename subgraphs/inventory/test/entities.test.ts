import { newId } from '@shop/core';
import { harnessPerFile, ANONYMOUS, CUSTOMER_A, gid } from '@shop/testing';
import { STAFF, createWarehouse, knownVariant, receive, startInventoryHarness } from './fixtures';
import { forgetVariants } from '../src/domain/catalog-sync';

const h = harnessPerFile(() => startInventoryHarness('entities'));

const VARIANT_STOCK = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ProductVariant { id stock { available inStock } } } }`;

describe('ProductVariant.stock and Product.inStock through _entities', () => {
  it('resolves 100 variants with one SQL statement, and a variant without stock rows is out of stock', async () => {
    const a = await createWarehouse(h);
    const b = await createWarehouse(h);
    const productId = newId();
    const variants: string[] = [];
    for (let i = 0; i < 99; i++) variants.push(await knownVariant(h, productId));
    await receive(h, variants[0]!, a, 4);
    await receive(h, variants[0]!, b, 3);
    const unknown = newId();
    const { result: data, statements } = await h.statementsDuring(() =>
      h.data<{ _entities: { id: string; stock: { available: number; inStock: boolean } }[] }>(
        VARIANT_STOCK,
        { r: [...variants, unknown].map((id) => ({ __typename: 'ProductVariant', id: gid('ProductVariant', id) })) },
        CUSTOMER_A,
      ),
    );
    expect(statements).toBe(1);
    expect(data._entities).toHaveLength(100);
    expect(data._entities[0]).toEqual({
      id: gid('ProductVariant', variants[0]!),
      stock: { available: 7, inStock: true },
    });
    expect(data._entities[1]!.stock).toEqual({ available: 0, inStock: false });
    expect(data._entities[99]).toEqual({ id: gid('ProductVariant', unknown), stock: { available: 0, inStock: false } });
  });

  it('resolves inStock for 100 products with one SQL statement', async () => {
    const wh = await createWarehouse(h);
    const stocked = newId();
    const empty = newId();
    const v1 = await knownVariant(h, stocked);
    await knownVariant(h, stocked);
    await knownVariant(h, empty);
    await receive(h, v1, wh, 1);
    const products = [stocked, empty, ...Array.from({ length: 98 }, () => newId())];
    const { result: data, statements } = await h.statementsDuring(() =>
      h.data<{ _entities: { id: string; inStock: boolean }[] }>(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id inStock } } }`,
        { r: products.map((id) => ({ __typename: 'Product', id: gid('Product', id) })) },
      ),
    );
    expect(statements).toBe(1);
    expect(data._entities.slice(0, 2)).toEqual([
      { id: gid('Product', stocked), inStock: true },
      { id: gid('Product', empty), inStock: false },
    ]);
    expect(data._entities.slice(2).every((p) => !p.inStock)).toBe(true);
  });

  it('counts only active warehouses and stops counting a deleted variant', async () => {
    const active = await createWarehouse(h);
    const closing = await createWarehouse(h);
    const variant = await knownVariant(h);
    await receive(h, variant, active, 2);
    await receive(h, variant, closing, 5);
    await h.data(
      `mutation ($id: ID!) { warehouseDeactivate(input: { id: $id }) { userErrors { code } } }`,
      { id: closing },
      STAFF,
    );
    const first = await h.data<{ _entities: { stock: { available: number } }[] }>(VARIANT_STOCK, {
      r: [{ __typename: 'ProductVariant', id: gid('ProductVariant', variant) }],
    });
    expect(first._entities[0]!.stock.available).toBe(2);
    await h.database.db.transaction((tx) => forgetVariants(tx, [variant]));
    const after = await h.data<{ _entities: { stock: { available: number; inStock: boolean } }[] }>(VARIANT_STOCK, {
      r: [{ __typename: 'ProductVariant', id: gid('ProductVariant', variant) }],
    });
    expect(after._entities[0]!.stock).toEqual({ available: 0, inStock: false });
  });

  it('shows the per-warehouse breakdown to inventory staff only', async () => {
    const wh = await createWarehouse(h);
    const variant = await knownVariant(h);
    await receive(h, variant, wh, 3);
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ProductVariant { stock { available byWarehouse { warehouse { id } onHand } } } } }`;
    const staff = await h.data<{
      _entities: { stock: { byWarehouse: { warehouse: { id: string }; onHand: number }[] } }[];
    }>(query, { r: [{ __typename: 'ProductVariant', id: gid('ProductVariant', variant) }] }, STAFF);
    // Every active warehouse has a (zero) row since variant.created; only this one holds units.
    expect(staff._entities[0]!.stock.byWarehouse.filter((l) => l.onHand > 0)).toEqual([
      { warehouse: { id: wh }, onHand: 3 },
    ]);
    for (const caller of [CUSTOMER_A, ANONYMOUS]) {
      const body = await h.request<{
        _entities: ({ stock: { available: number; byWarehouse: unknown } | null } | null)[];
      }>(query, { r: [{ __typename: 'ProductVariant', id: gid('ProductVariant', variant) }] }, caller);
      expect(body.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
      expect(body.errors?.[0]?.path).toEqual(['_entities', 0, 'stock', 'byWarehouse']);
    }
    const visible = await h.data<{ _entities: { stock: { available: number } }[] }>(
      VARIANT_STOCK,
      { r: [{ __typename: 'ProductVariant', id: gid('ProductVariant', variant) }] },
      CUSTOMER_A,
    );
    expect(visible._entities[0]!.stock.available).toBe(3);
  });
});
