import { harnessPerFile, unique, gid } from '@shop/testing';
import { createCategory, createProduct, startProductsHarness, STAFF } from './fixtures';

const h = harnessPerFile(() => startProductsHarness('query'));

interface ProductNode {
  id: string;
  slug: string;
  name: string;
  status: string;
}
interface Page {
  products: {
    totalCount: number;
    edges: { cursor: string; node: ProductNode }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}
const PAGE = `query ($filter: ProductFilter, $sort: ProductSort, $first: Int, $after: String, $last: Int, $before: String) {
  products(filter: $filter, sort: $sort, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { id slug name status } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const slugsOf = (page: Page) => page.products.edges.map((e) => e.node.slug);

describe('product(id, slug)', () => {
  const QUERY = `query ($id: ID, $slug: String) { product(id: $id, slug: $slug) { id slug name status } }`;

  it('finds an active product by id and by slug, for anybody', async () => {
    const created = await createProduct(h, { name: 'Lookup Lamp', slug: unique('lookup-lamp'), status: 'ACTIVE' });
    const byId = await h.data<{ product: ProductNode | null }>(QUERY, { id: created.id });
    const bySlug = await h.data<{ product: ProductNode | null }>(QUERY, { slug: created.slug });
    expect(byId.product).toMatchObject({ id: created.id, slug: created.slug, status: 'ACTIVE' });
    expect(bySlug.product?.id).toBe(created.id);
  });

  it('hides DRAFT and ARCHIVED products from anonymous callers but shows them to staff', async () => {
    const draft = await createProduct(h, { name: 'Secret Draft', slug: unique('secret-draft'), status: 'DRAFT' });
    const archived = await createProduct(h, { name: 'Old Archived', slug: unique('old-archived'), status: 'ARCHIVED' });
    for (const product of [draft, archived]) {
      expect((await h.data<{ product: ProductNode | null }>(QUERY, { id: product.id })).product).toBeNull();
      expect((await h.data<{ product: ProductNode | null }>(QUERY, { slug: product.slug })).product).toBeNull();
      expect((await h.data<{ product: ProductNode | null }>(QUERY, { id: product.id }, STAFF)).product?.id).toBe(
        product.id,
      );
    }
  });

  it('answers BAD_USER_INPUT unless exactly one of id and slug is given', async () => {
    for (const variables of [{}, { id: gid('Product', '0190a000-0000-7000-8000-000000000000'), slug: 'x' }]) {
      const body = await h.request(QUERY, variables);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('returns null for an unknown id, and BAD_USER_INPUT for a malformed one or one of another type', async () => {
    const unknown = await h.request<{ product: ProductNode | null }>(QUERY, {
      id: gid('Product', '0190a000-0000-7000-8000-000000000000'),
    });
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data?.product).toBeNull();
    for (const id of [
      'not-a-uuid',
      '0190a000-0000-7000-8000-000000000000',
      gid('Category', '0190a000-0000-7000-8000-000000000000'),
    ]) {
      const body = await h.request<{ product: ProductNode | null }>(QUERY, { id });
      expect(body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', ['id']]]);
      expect(body.data?.product ?? null).toBeNull();
    }
  });
});

describe('products filters', () => {
  it('filters by category including every descendant category', async () => {
    const root = await createCategory(h, { name: 'Filter Root', slug: unique('filter-root') });
    const child = await createCategory(h, { name: 'Filter Child', slug: unique('filter-child'), parentId: root.id });
    const grandchild = await createCategory(h, {
      name: 'Filter Grandchild',
      slug: unique('filter-grandchild'),
      parentId: child.id,
    });
    const other = await createCategory(h, { name: 'Filter Other', slug: unique('filter-other') });
    const inRoot = await createProduct(h, {
      name: 'In Root',
      slug: unique('in-root'),
      status: 'ACTIVE',
      categoryId: root.id,
    });
    const inGrandchild = await createProduct(h, {
      name: 'In Grandchild',
      slug: unique('in-grandchild'),
      status: 'ACTIVE',
      categoryId: grandchild.id,
    });
    await createProduct(h, { name: 'In Other', slug: unique('in-other'), status: 'ACTIVE', categoryId: other.id });

    const fromRoot = await h.data<Page>(PAGE, { filter: { categoryId: root.id } });
    expect(slugsOf(fromRoot).sort()).toEqual([inRoot.slug, inGrandchild.slug].sort());
    expect(fromRoot.products.totalCount).toBe(2);
    const fromChild = await h.data<Page>(PAGE, { filter: { categoryId: child.id } });
    expect(slugsOf(fromChild)).toEqual([inGrandchild.slug]);
  });

  it('lists only ACTIVE products to anonymous callers, whatever statuses they ask for', async () => {
    const category = await createCategory(h, { name: 'Status Mix', slug: unique('status-mix') });
    const active = await createProduct(h, {
      name: 'Mix Active',
      slug: unique('mix-active'),
      status: 'ACTIVE',
      categoryId: category.id,
    });
    const draft = await createProduct(h, {
      name: 'Mix Draft',
      slug: unique('mix-draft'),
      status: 'DRAFT',
      categoryId: category.id,
    });
    const archived = await createProduct(h, {
      name: 'Mix Archived',
      slug: unique('mix-archived'),
      status: 'ARCHIVED',
      categoryId: category.id,
    });

    const anonymous = await h.data<Page>(PAGE, { filter: { categoryId: category.id } });
    expect(slugsOf(anonymous)).toEqual([active.slug]);
    const askingForDrafts = await h.data<Page>(PAGE, {
      filter: { categoryId: category.id, status: ['DRAFT', 'ARCHIVED'] },
    });
    expect(slugsOf(askingForDrafts)).toEqual([]);
    expect(askingForDrafts.products.totalCount).toBe(0);

    const staffAll = await h.data<Page>(PAGE, { filter: { categoryId: category.id } }, STAFF);
    expect(slugsOf(staffAll).sort()).toEqual([active.slug, draft.slug, archived.slug].sort());
    const staffDrafts = await h.data<Page>(PAGE, { filter: { categoryId: category.id, status: ['DRAFT'] } }, STAFF);
    expect(slugsOf(staffDrafts)).toEqual([draft.slug]);
  });

  it('filters by attribute values of any type (any listed value matches, every attribute must hold)', async () => {
    const category = await createCategory(h, { name: 'Attribute Shop', slug: unique('attribute-shop') });
    const make = (name: string, attributes: { name: string; type: string; value: string }[]) =>
      createProduct(h, {
        name,
        slug: unique(name.toLowerCase().replace(/ /g, '-')),
        status: 'ACTIVE',
        categoryId: category.id,
        attributes,
      });
    const cotton = await make('Cotton Tee', [
      { name: 'material', type: 'TEXT', value: 'cotton' },
      { name: 'organic', type: 'BOOLEAN', value: 'true' },
      { name: 'gsm', type: 'NUMBER', value: '180' },
    ]);
    const linen = await make('Linen Tee', [
      { name: 'material', type: 'TEXT', value: 'linen' },
      { name: 'organic', type: 'BOOLEAN', value: 'false' },
      { name: 'gsm', type: 'NUMBER', value: '150.5' },
    ]);
    await make('Wool Tee', [{ name: 'material', type: 'TEXT', value: 'wool' }]);

    const either = await h.data<Page>(PAGE, {
      filter: { categoryId: category.id, attributes: [{ name: 'material', values: ['cotton', 'linen'] }] },
    });
    expect(slugsOf(either).sort()).toEqual([cotton.slug, linen.slug].sort());
    const organicCotton = await h.data<Page>(PAGE, {
      filter: {
        categoryId: category.id,
        attributes: [
          { name: 'material', values: ['cotton', 'linen'] },
          { name: 'organic', values: ['true'] },
        ],
      },
    });
    expect(slugsOf(organicCotton)).toEqual([cotton.slug]);
    const byNumber = await h.data<Page>(PAGE, {
      filter: { categoryId: category.id, attributes: [{ name: 'gsm', values: ['150.50'] }] },
    });
    expect(slugsOf(byNumber)).toEqual([linen.slug]);
  });

  it('ranks full-text matches in the name above matches in the description', async () => {
    const category = await createCategory(h, { name: 'Search Shop', slug: unique('search-shop') });
    const inDescription = await createProduct(h, {
      name: 'Summer Top',
      slug: unique('summer-top'),
      status: 'ACTIVE',
      categoryId: category.id,
      description: 'A light top with a touch of seersucker weave.',
    });
    const inName = await createProduct(h, {
      name: 'Seersucker Shirt',
      slug: unique('seersucker-shirt'),
      status: 'ACTIVE',
      categoryId: category.id,
      description: 'Short sleeves.',
    });
    await createProduct(h, {
      name: 'Plain Shirt',
      slug: unique('plain-shirt'),
      status: 'ACTIVE',
      categoryId: category.id,
    });

    const found = await h.data<Page>(PAGE, { filter: { categoryId: category.id, search: 'seersucker' } });
    expect(slugsOf(found)).toEqual([inName.slug, inDescription.slug]);
    expect(found.products.totalCount).toBe(2);
  });

  it('answers BAD_USER_INPUT for RELEVANCE without a search term', async () => {
    const body = await h.request(PAGE, { sort: 'RELEVANCE' });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('sorts by NAME', async () => {
    const category = await createCategory(h, { name: 'Name Sort', slug: unique('name-sort') });
    for (const name of ['Zebra Mug', 'Apple Mug', 'Mango Mug']) {
      await createProduct(h, { name, slug: unique('mug'), status: 'ACTIVE', categoryId: category.id });
    }
    const page = await h.data<Page>(PAGE, { filter: { categoryId: category.id }, sort: 'NAME' });
    expect(page.products.edges.map((e) => e.node.name)).toEqual(['Apple Mug', 'Mango Mug', 'Zebra Mug']);
  });
});

describe('products pagination', () => {
  let categoryId: string;
  let all: string[];

  beforeAll(async () => {
    categoryId = (await createCategory(h, { name: 'Paging', slug: unique('paging') })).id;
    for (let i = 0; i < 23; i++) {
      await createProduct(h, {
        name: `Paged Item ${String(i).padStart(2, '0')}`,
        slug: unique(`paged-${i}`),
        status: 'ACTIVE',
        categoryId,
      });
    }
    all = slugsOf(await h.data<Page>(PAGE, { filter: { categoryId }, first: 100 }));
    expect(all).toHaveLength(23);
  });

  it.each(['NEWEST', 'NAME'])(
    'walks forward and backward through every page without duplicates or gaps (%s)',
    async (sort) => {
      const ordered = slugsOf(await h.data<Page>(PAGE, { filter: { categoryId }, sort, first: 100 }));
      const forward: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page: Page = await h.data<Page>(PAGE, { filter: { categoryId }, sort, first: 5, after });
        forward.push(...slugsOf(page));
        pages++;
        expect(page.products.pageInfo.hasPreviousPage).toBe(after !== null);
        if (!page.products.pageInfo.hasNextPage) break;
        after = page.products.pageInfo.endCursor;
      }
      expect(pages).toBe(5);
      expect(forward).toEqual(ordered);

      const backward: string[] = [];
      let before: string | null = null;
      for (;;) {
        const page: Page = await h.data<Page>(PAGE, { filter: { categoryId }, sort, last: 5, before });
        backward.unshift(...slugsOf(page));
        if (!page.products.pageInfo.hasPreviousPage) break;
        before = page.products.pageInfo.startCursor;
      }
      expect(backward).toEqual(ordered);
    },
  );

  it('pages through search results by relevance', async () => {
    const ordered = slugsOf(await h.data<Page>(PAGE, { filter: { categoryId, search: 'paged item' }, first: 100 }));
    expect(ordered).toHaveLength(23);
    const first = await h.data<Page>(PAGE, { filter: { categoryId, search: 'paged item' }, first: 10 });
    const second = await h.data<Page>(PAGE, {
      filter: { categoryId, search: 'paged item' },
      first: 20,
      after: first.products.pageInfo.endCursor,
    });
    expect([...slugsOf(first), ...slugsOf(second)]).toEqual(ordered);
  });

  it('answers BAD_USER_INPUT for a page size over 100', async () => {
    const body = await h.request(PAGE, { first: 101 });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers BAD_USER_INPUT for a malformed cursor or one from another sort order', async () => {
    const nameCursor = (await h.data<Page>(PAGE, { filter: { categoryId }, sort: 'NAME', first: 1 })).products.pageInfo
      .endCursor;
    const forged = Buffer.from(JSON.stringify(['NEWEST', 'not a date', 'x'])).toString('base64url');
    for (const after of ['garbage!', nameCursor, forged]) {
      const body = await h.request(PAGE, { filter: { categoryId }, sort: 'NEWEST', first: 5, after });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
