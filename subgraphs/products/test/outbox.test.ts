import { eq } from 'drizzle-orm';
import { products } from '../src/db/schema';
import { createProduct as createProductUseCase } from '../src/domain/create-product';
import { SYSTEM_ACTOR } from '@shop/events';
import { harnessPerFile, unique, rawId } from '@shop/testing';
import { createProduct, startProductsHarness, STAFF } from './fixtures';

const h = harnessPerFile(() => startProductsHarness('outbox'));

describe('transactional outbox', () => {
  it('writes the change and its event together', async () => {
    const created = await createProduct(h, { name: 'Announced', slug: unique('announced') });
    const events = (await h.outboxEvents('product.created')).filter((e) => e.subject === rawId(created.id));
    expect(events).toHaveLength(1);
  });

  it('rolls the change back when its event cannot be written (one transaction)', async () => {
    const slug = unique('unannounced');
    const deps = {
      db: h.database.db,
      logger: h.logger,
      emit: Object.assign(
        async () => {
          throw new Error('outbox unavailable');
        },
        {
          inStatement: () => {
            throw new Error('outbox unavailable');
          },
        },
      ),
    };
    await expect(createProductUseCase(deps, SYSTEM_ACTOR, { name: 'Unannounced', slug })).rejects.toThrow(
      'outbox unavailable',
    );
    expect(await h.database.db.select().from(products).where(eq(products.slug, slug))).toEqual([]);
  });

  it('leaves no outbox row behind a mutation that failed validation or lost a uniqueness check', async () => {
    const existing = await createProduct(h, { name: 'Existing', slug: unique('existing') });
    const before = await h.outboxEvents();
    const attempts = [
      { name: 'Bad Slug', slug: 'Bad Slug' },
      { name: 'Duplicate', slug: existing.slug },
      { name: 'Bad Variant', variants: [{ sku: unique('OK') }, { sku: '!' }] },
    ];
    for (const input of attempts) {
      const body = await h.data<{ productCreate: { product: unknown; userErrors: unknown[] } }>(
        `mutation ($input: ProductCreateInput!) { productCreate(input: $input) { product { id } userErrors { code } } }`,
        { input },
        STAFF,
      );
      expect(body.productCreate.product).toBeNull();
      expect(body.productCreate.userErrors.length).toBeGreaterThan(0);
    }
    expect(await h.outboxEvents()).toEqual(before);
  });
});
