import { harnessPerFile, unique, USER_ERRORS, type UserErrorBody, gid, rawId } from '@shop/testing';
import { createProduct, startProductsHarness, STAFF } from './fixtures';

const h = harnessPerFile(() => startProductsHarness('mediamut'));

interface MediaBody {
  id: string;
  kind: string;
  url: string;
  alt: string;
  position: number;
  variant: { id: string } | null;
}
const MEDIA = 'id kind url alt position variant { id }';
const ADD = `mutation ($input: MediaAddInput!) { mediaAdd(input: $input) { media { ${MEDIA} } product { id media { id } } ${USER_ERRORS} } }`;
const REORDER = `mutation ($input: MediaReorderInput!) { mediaReorder(input: $input) { product { media { id position } } ${USER_ERRORS} } }`;
const REMOVE = `mutation ($input: MediaRemoveInput!) { mediaRemove(input: $input) { deletedMediaId product { media { id position } } ${USER_ERRORS} } }`;
type AddResult = {
  mediaAdd: {
    media: MediaBody | null;
    product: { id: string; media: { id: string }[] } | null;
    userErrors: UserErrorBody[];
  };
};
type ReorderResult = {
  mediaReorder: { product: { media: { id: string; position: number }[] } | null; userErrors: UserErrorBody[] };
};
type RemoveResult = {
  mediaRemove: {
    deletedMediaId: string | null;
    product: { media: { id: string; position: number }[] } | null;
    userErrors: UserErrorBody[];
  };
};

const add = (input: Record<string, unknown>) => h.data<AddResult>(ADD, { input }, STAFF).then((d) => d.mediaAdd);
const reorder = (productId: string, mediaIds: string[]) =>
  h.data<ReorderResult>(REORDER, { input: { productId, mediaIds } }, STAFF).then((d) => d.mediaReorder);
const removeMedia = (id: string) => h.data<RemoveResult>(REMOVE, { input: { id } }, STAFF).then((d) => d.mediaRemove);

async function productWithImages(count: number) {
  const product = await createProduct(h, { name: 'Pictured', variants: [{ sku: unique('PIC') }] });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const added = await add({
      productId: product.id,
      kind: 'IMAGE',
      url: `https://images.example.com/${product.slug}/${i}.jpg`,
      alt: `View ${i}`,
    });
    ids.push(added.media!.id);
  }
  return { product, ids };
}

describe('mediaAdd', () => {
  it('appends images and videos, optionally tied to a variant, and emits product.updated', async () => {
    const { product, ids } = await productWithImages(1);
    const video = await add({
      productId: product.id,
      variantId: product.variants[0]!.id,
      kind: 'VIDEO',
      url: 'http://videos.example.com/spin.mp4',
      alt: 'Spin',
    });
    expect(video.userErrors).toEqual([]);
    expect(video.media).toMatchObject({ kind: 'VIDEO', position: 1, variant: { id: product.variants[0]!.id } });
    expect(video.product?.media.map((m) => m.id)).toEqual([ids[0], video.media!.id]);
    const variantMedia = await h.data<{ _entities: { media: { id: string }[] }[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ProductVariant { media { id } } } }`,
      { r: [{ __typename: 'ProductVariant', id: product.variants[0]!.id }] },
      STAFF, // the product is a DRAFT: only catalog staff reach its variants through references
    );
    expect(variantMedia._entities[0]?.media).toEqual([{ id: video.media!.id }]);
    expect((await h.outboxEvents('product.updated')).filter((e) => e.subject === rawId(product.id))).toHaveLength(2);
  });

  it('refuses URLs that are not absolute http(s) with INVALID_URL', async () => {
    const { product } = await productWithImages(0);
    for (const url of ['javascript:alert(1)', 'ftp://files.example.com/a.jpg', '/relative.jpg', 'not a url']) {
      const result = await add({ productId: product.id, kind: 'IMAGE', url });
      expect(result.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_URL', field: ['input', 'url'] })]);
    }
  });

  it('refuses a variant of another product and an unknown product', async () => {
    const { product } = await productWithImages(0);
    const other = await createProduct(h, { name: 'Other', variants: [{ sku: unique('OTHER') }] });
    const foreign = await add({
      productId: product.id,
      variantId: other.variants[0]!.id,
      kind: 'IMAGE',
      url: 'https://images.example.com/x.jpg',
    });
    expect(foreign.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'variantId'] })]);
    const missing = await add({
      productId: gid('Product', '0190a000-0000-7000-8000-000000000000'),
      kind: 'IMAGE',
      url: 'https://images.example.com/x.jpg',
    });
    expect(missing.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'productId'] })]);
  });

  it('refuses the 101st media item with LIMIT_EXCEEDED', async () => {
    const { product } = await productWithImages(100);
    const extra = await add({ productId: product.id, kind: 'IMAGE', url: 'https://images.example.com/extra.jpg' });
    expect(extra.userErrors).toEqual([
      expect.objectContaining({ code: 'LIMIT_EXCEEDED', field: ['input', 'productId'] }),
    ]);
  });

  it('is refused to anonymous callers', async () => {
    const { product } = await productWithImages(0);
    const body = await h.request(ADD, {
      input: { productId: product.id, kind: 'IMAGE', url: 'https://images.example.com/a.jpg' },
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('mediaReorder', () => {
  it('puts the media in the given order', async () => {
    const { product, ids } = await productWithImages(3);
    const reversed = [...ids].reverse();
    const result = await reorder(product.id, reversed);
    expect(result.userErrors).toEqual([]);
    expect(result.product?.media).toEqual(reversed.map((id, position) => ({ id, position })));
  });

  it('refuses a list that misses, repeats or adds media, and changes nothing', async () => {
    const { product, ids } = await productWithImages(3);
    const { ids: foreign } = await productWithImages(1);
    const missing = await reorder(product.id, [ids[0]!, ids[1]!]);
    expect(missing.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: ['input', 'mediaIds'] })]);
    const repeated = await reorder(product.id, [ids[0]!, ids[1]!, ids[2]!, ids[0]!]);
    expect(repeated.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'mediaIds', '3'] }),
    ]);
    const stranger = await reorder(product.id, [ids[0]!, ids[1]!, ids[2]!, foreign[0]!]);
    expect(stranger.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'mediaIds', '3'] }),
    ]);
    const current = await h.data<{ product: { media: { id: string }[] } }>(
      `query ($id: ID) { product(id: $id) { media { id } } }`,
      { id: product.id },
      STAFF,
    );
    expect(current.product.media.map((m) => m.id)).toEqual(ids);
  });
});

describe('mediaRemove', () => {
  it('removes the media item and closes the gap in positions', async () => {
    const { ids } = await productWithImages(3);
    const result = await removeMedia(ids[0]!);
    expect(result.userErrors).toEqual([]);
    expect(result.deletedMediaId).toBe(ids[0]);
    expect(result.product?.media).toEqual([
      { id: ids[1], position: 0 },
      { id: ids[2], position: 1 },
    ]);
    expect((await removeMedia(ids[0]!)).userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }),
    ]);
  });
});
