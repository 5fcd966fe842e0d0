import { harnessPerFile, unique, USER_ERRORS, type UserErrorBody, gid } from '@shop/testing';
import { createCategory, createProduct, startProductsHarness, STAFF } from './fixtures';

const h = harnessPerFile(() => startProductsHarness('categorymut'));

interface CategoryBody {
  id: string;
  name: string;
  slug: string;
  path: string;
  depth: number;
  parent: { id: string } | null;
  ancestors: { slug: string }[];
  children: { slug: string }[];
}
const CATEGORY = 'id name slug path depth parent { id } ancestors { slug } children { slug }';
const CREATE = `mutation ($input: CategoryCreateInput!) { categoryCreate(input: $input) { category { ${CATEGORY} } ${USER_ERRORS} } }`;
const UPDATE = `mutation ($input: CategoryUpdateInput!) { categoryUpdate(input: $input) { category { ${CATEGORY} } ${USER_ERRORS} } }`;
const DELETE = `mutation ($input: CategoryDeleteInput!) { categoryDelete(input: $input) { deletedCategoryId ${USER_ERRORS} } }`;
const GET = `query ($id: ID, $slug: String) { category(id: $id, slug: $slug) { ${CATEGORY} } }`;
type Payload = { category: CategoryBody | null; userErrors: UserErrorBody[] };

const create = (input: Record<string, unknown>) =>
  h.data<{ categoryCreate: Payload }>(CREATE, { input }, STAFF).then((d) => d.categoryCreate);
const update = (input: Record<string, unknown>) =>
  h.data<{ categoryUpdate: Payload }>(UPDATE, { input }, STAFF).then((d) => d.categoryUpdate);
const remove = (id: string) =>
  h
    .data<{ categoryDelete: { deletedCategoryId: string | null; userErrors: UserErrorBody[] } }>(
      DELETE,
      { input: { id } },
      STAFF,
    )
    .then((d) => d.categoryDelete);
const get = (id: string) => h.data<{ category: CategoryBody | null }>(GET, { id }).then((d) => d.category);

/** root / middle / leaf */
async function tree() {
  const root = await createCategory(h, { name: 'Root', slug: unique('root') });
  const middle = await createCategory(h, { name: 'Middle', slug: unique('middle'), parentId: root.id });
  const leaf = await createCategory(h, { name: 'Leaf', slug: unique('leaf'), parentId: middle.id });
  return { root, middle, leaf };
}

describe('categoryCreate', () => {
  it('builds a tree with materialised paths, depth, parent, ancestors and children', async () => {
    const { root, middle, leaf } = await tree();
    expect(leaf.path).toBe(`${root.slug}/${middle.slug}/${leaf.slug}`);
    const fetched = await get(leaf.id);
    expect(fetched).toMatchObject({
      depth: 2,
      parent: { id: middle.id },
      ancestors: [{ slug: root.slug }, { slug: middle.slug }],
      children: [],
    });
    expect((await get(root.id))?.children).toEqual([{ slug: middle.slug }]);
    const bySlug = await h.data<{ category: { id: string } | null }>(GET, { slug: middle.slug });
    expect(bySlug.category?.id).toBe(middle.id);
  });

  it('generates a slug from the name and refuses a taken slug or an unknown parent', async () => {
    const name = `Garden Tools ${unique('n')}`;
    const generated = await create({ name });
    expect(generated.category?.slug).toBe(name.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
    const again = await create({ name });
    expect(again.category?.slug).toBe(`${generated.category!.slug}-2`);
    const taken = await create({
      name: 'Taken',
      slug: generated.category!.slug,
      parentId: gid('Category', '0190a000-0000-7000-8000-000000000000'),
    });
    expect(taken.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'parentId'] }),
      expect.objectContaining({ code: 'SLUG_TAKEN', field: ['input', 'slug'] }),
    ]);
  });

  it('refuses a ninth level with LIMIT_EXCEEDED', async () => {
    let parentId: string | null = null;
    for (let level = 0; level < 8; level++)
      parentId = (await createCategory(h, { name: `Level ${level}`, slug: unique(`lvl${level}`), parentId })).id;
    const ninth = await create({ name: 'Too Deep', parentId });
    expect(ninth.userErrors).toEqual([
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', field: ['input', 'parentId'] }),
    ]);
  });

  it('is refused to anonymous callers', async () => {
    const body = await h.request(CREATE, { input: { name: 'Anonymous' } });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('categoryUpdate', () => {
  it('renames and re-slugs a category, rewriting the paths of its whole subtree', async () => {
    const { root, middle, leaf } = await tree();
    const slug = unique('renamed');
    const updated = await update({ id: middle.id, name: 'Renamed', slug });
    expect(updated.userErrors).toEqual([]);
    expect(updated.category).toMatchObject({ name: 'Renamed', slug, path: `${root.slug}/${slug}` });
    expect((await get(leaf.id))?.path).toBe(`${root.slug}/${slug}/${leaf.slug}`);
  });

  it('moves a subtree under another parent, or to the top level with an explicit null parent', async () => {
    const { root, middle, leaf } = await tree();
    const elsewhere = await createCategory(h, { name: 'Elsewhere', slug: unique('elsewhere') });
    const moved = await update({ id: middle.id, parentId: elsewhere.id });
    expect(moved.category).toMatchObject({
      path: `${elsewhere.slug}/${middle.slug}`,
      parent: { id: elsewhere.id },
      depth: 1,
    });
    expect(await get(leaf.id)).toMatchObject({ path: `${elsewhere.slug}/${middle.slug}/${leaf.slug}`, depth: 2 });
    expect((await get(root.id))?.children).toEqual([]);

    const top = await update({ id: middle.id, parentId: null });
    expect(top.category).toMatchObject({ path: middle.slug, parent: null, depth: 0, ancestors: [] });
    expect((await get(leaf.id))?.ancestors).toEqual([{ slug: middle.slug }]);
  });

  it('refuses to move a category under itself or one of its descendants with CATEGORY_CYCLE', async () => {
    const { root, leaf } = await tree();
    for (const parentId of [root.id, leaf.id]) {
      const result = await update({ id: root.id, parentId });
      expect(result.userErrors).toEqual([
        expect.objectContaining({ code: 'CATEGORY_CYCLE', field: ['input', 'parentId'] }),
      ]);
    }
    expect((await get(root.id))?.parent).toBeNull();
  });

  it('keeps products of a moved subtree findable through the new ancestors', async () => {
    const { middle, leaf } = await tree();
    const target = await createCategory(h, { name: 'Target', slug: unique('target') });
    const product = await createProduct(h, { name: 'Moved Along', status: 'ACTIVE', categoryId: leaf.id });
    await update({ id: middle.id, parentId: target.id });
    const list = await h.data<{ products: { edges: { node: { id: string } }[] } }>(
      `query ($id: ID) { products(filter: { categoryId: $id }) { edges { node { id } } } }`,
      { id: target.id },
    );
    expect(list.products.edges.map((e) => e.node.id)).toEqual([product.id]);
  });
});

describe('categoryDelete', () => {
  it('deletes an empty category', async () => {
    const lone = await createCategory(h, { name: 'Lone', slug: unique('lone') });
    expect(await remove(lone.id)).toEqual({ deletedCategoryId: lone.id, userErrors: [] });
    expect(await get(lone.id)).toBeNull();
  });

  it('refuses to delete a category with subcategories or live products (CATEGORY_NOT_EMPTY), but not one whose products were deleted', async () => {
    const { middle, leaf } = await tree();
    expect((await remove(middle.id)).userErrors).toEqual([
      expect.objectContaining({ code: 'CATEGORY_NOT_EMPTY', field: ['input', 'id'] }),
    ]);
    const product = await createProduct(h, { name: 'Occupant', categoryId: leaf.id });
    expect((await remove(leaf.id)).userErrors).toEqual([
      expect.objectContaining({ code: 'CATEGORY_NOT_EMPTY', field: ['input', 'id'] }),
    ]);
    await h.data(
      `mutation ($input: ProductDeleteInput!) { productDelete(input: $input) { deletedProductId } }`,
      { input: { id: product.id } },
      STAFF,
    );
    expect((await remove(leaf.id)).userErrors).toEqual([]);
    // The deleted product still resolves for catalog staff through references, without its category.
    const entity = await h.data<{ _entities: { id: string; category: unknown }[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id category { id } } } }`,
      { r: [{ __typename: 'Product', id: product.id }] },
      STAFF,
    );
    expect(entity._entities[0]).toEqual({ id: product.id, category: null });
  });
});

describe('categories', () => {
  it('lists categories in tree order with roots-only and children-of filters and cursor pagination', async () => {
    const { root, middle, leaf } = await tree();
    const LIST = `query ($first: Int, $after: String, $parentId: ID, $rootsOnly: Boolean) {
      categories(first: $first, after: $after, parentId: $parentId, rootsOnly: $rootsOnly) {
        totalCount edges { node { path } } pageInfo { hasNextPage endCursor } } }`;
    type List = {
      categories: {
        totalCount: number;
        edges: { node: { path: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const all = await h.data<List>(LIST, { first: 100 });
    const paths = all.categories.edges.map((e) => e.node.path);
    expect(paths.indexOf(root.path)).toBe(paths.indexOf(middle.path) - 1);
    expect(paths.indexOf(middle.path)).toBe(paths.indexOf(leaf.path) - 1);

    const walked: string[] = [];
    let after: string | null = null;
    do {
      const page: List = await h.data<List>(LIST, { first: 3, after });
      walked.push(...page.categories.edges.map((e) => e.node.path));
      after = page.categories.pageInfo.hasNextPage ? page.categories.pageInfo.endCursor : null;
    } while (after);
    expect(walked).toEqual(paths);

    const roots = await h.data<List>(LIST, { first: 100, rootsOnly: true });
    expect(roots.categories.edges.every((e) => !e.node.path.includes('/'))).toBe(true);
    const children = await h.data<List>(LIST, { parentId: root.id });
    expect(children.categories.edges.map((e) => e.node.path)).toEqual([middle.path]);
    expect(children.categories.totalCount).toBe(1);
  });
});
