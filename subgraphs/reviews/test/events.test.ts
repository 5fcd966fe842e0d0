import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { inbox, outbox, productRatings } from '../src/db/schema';
import { harnessPerFile, ANONYMOUS, ENTITIES, customer, type Caller, gid, rawId } from '@shop/testing';
import {
  CREATE,
  moderate,
  startReviewsHarness,
  writeReview,
  type Payload,
  MODERATOR,
  STAFF_WITHOUT,
  CATALOG_STAFF,
} from './fixtures';

const h = harnessPerFile(() => startReviewsHarness('events'));

const REVIEW = `query ($id: ID!) { review(id: $id) { id verifiedPurchase authorName rating } }`;

function delivered(userId: string, productIds: string[], status: 'DELIVERED' | 'SHIPPED' = 'DELIVERED') {
  return {
    orderId: randomUUID(),
    userId,
    status,
    previousStatus: 'SHIPPED' as const,
    lines: productIds.map((productId) => ({ productId, variantId: randomUUID(), quantity: 1 })),
  };
}

describe('verified purchases (order.status_changed)', () => {
  it('marks an existing review verified when an order with the product is DELIVERED', async () => {
    const alice = customer();
    const productId = randomUUID();
    const other = await writeReview(h, alice, { productId: randomUUID() });
    const review = await writeReview(h, alice, { productId });
    expect(review.verifiedPurchase).toBe(false);

    const shipped = delivered(alice.userId, [productId], 'SHIPPED');
    await h.deliver('order.status_changed', shipped.orderId, shipped);
    expect(
      (await h.data<{ review: { verifiedPurchase: boolean } }>(REVIEW, { id: review.id }, alice)).review
        .verifiedPurchase,
    ).toBe(false);

    const order = delivered(alice.userId, [productId]);
    await h.deliver('order.status_changed', order.orderId, order);
    expect(
      (await h.data<{ review: { verifiedPurchase: boolean } }>(REVIEW, { id: review.id }, alice)).review
        .verifiedPurchase,
    ).toBe(true);
    // Only the products of that order.
    expect(
      (await h.data<{ review: { verifiedPurchase: boolean } }>(REVIEW, { id: other.id }, alice)).review
        .verifiedPurchase,
    ).toBe(false);
  });

  it('marks a review verified at creation when the product was delivered before', async () => {
    const bob = customer();
    const productId = randomUUID();
    const order = delivered(bob.userId, [productId, randomUUID()]);
    await h.deliver('order.status_changed', order.orderId, order);
    const review = await writeReview(h, bob, { productId });
    expect(review.verifiedPurchase).toBe(true);
    // Someone else's delivery verifies nothing of yours.
    const carol = customer();
    expect((await writeReview(h, carol, { productId })).verifiedPurchase).toBe(false);
  });
});

describe('user.deleted', () => {
  it('anonymises the author name as "Former customer" and keeps the rating', async () => {
    const dora = customer();
    const productId = randomUUID();
    const review = await writeReview(h, dora, { productId, rating: 5, authorName: 'Dora D.' });
    await moderate(h, review.id, 'APPROVE');
    await h.deliver('user.deleted', dora.userId, { userId: dora.userId });
    const seen = await h.data<{ review: { authorName: string; rating: number } }>(REVIEW, { id: review.id }, ANONYMOUS);
    expect(seen.review).toMatchObject({ authorName: 'Former customer', rating: 5 });
    const [rating] = await h.database.db.select().from(productRatings).where(eq(productRatings.productId, productId));
    expect(rating).toMatchObject({ count: 1, stars5: 1 });
  });
});

describe('product.deleted', () => {
  it("hides the product's reviews and drops its rating", async () => {
    const erin = customer();
    const productId = randomUUID();
    const review = await writeReview(h, erin, { productId, rating: 4 });
    await moderate(h, review.id, 'APPROVE');
    await h.deliver('product.deleted', productId, { productId, variantIds: [] });
    expect((await h.data<{ review: unknown }>(REVIEW, { id: review.id }, ANONYMOUS)).review).toBeNull();
    expect((await h.data<{ review: unknown }>(REVIEW, { id: review.id }, erin)).review).toBeNull();
    const data = await h.data<{ _entities: { rating: { count: number }; reviews: { nodes: unknown[] } }[] }>(
      ENTITIES('... on Product { rating { count } reviews { nodes { id } } }'),
      { representations: [{ __typename: 'Product', id: gid('Product', productId) }] },
    );
    expect(data._entities[0]).toEqual({ __typename: 'Product', rating: { count: 0 }, reviews: { nodes: [] } });
  });

  it('refuses new reviews of a deleted product as PRODUCT_NOT_FOUND, even while the catalog still answers it', async () => {
    const gus = customer();
    const productId = randomUUID();
    await h.deliver('product.deleted', productId, { productId, variantIds: [] });
    const data = await h.data<{ reviewCreate: Payload }>(
      CREATE,
      { input: { productId: gid('Product', productId), rating: 5, title: 'T', body: 'B', authorName: 'Gus' } },
      gus,
    );
    expect(data.reviewCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'PRODUCT_NOT_FOUND', field: ['input', 'productId'] }),
    ]);
  });

  it('applies an event published twice exactly once', async () => {
    const hal = customer();
    const productId = randomUUID();
    const review = await writeReview(h, hal, { productId, rating: 3 });
    await moderate(h, review.id, 'APPROVE');
    const envelope = {
      id: randomUUID(),
      type: 'product.deleted',
      source: 'products',
      subject: productId,
      time: new Date().toISOString(),
      version: 1,
      actor: null,
      data: { productId, variantIds: [] },
    };
    await h.publishRaw(envelope);
    await h.publishRaw({ ...envelope, time: new Date().toISOString() });
    await h.applied(envelope.id);
    const rows = await h.database.db.select().from(inbox).where(eq(inbox.eventId, envelope.id));
    expect(rows).toHaveLength(1);
  });
});

describe("products' status", () => {
  const REVIEW = `query ($id: ID!) { review(id: $id) { id product { id } } }`;
  const productOf = async (reviewId: string, caller: Caller) =>
    (await h.data<{ review: { id: string; product: { id: string } | null } | null }>(REVIEW, { id: reviewId }, caller))
      .review?.product ?? null;
  const statusEvent = (productId: string, status: 'DRAFT' | 'ACTIVE' | 'ARCHIVED') => ({
    productId,
    slug: `p-${productId.slice(0, 8)}`,
    name: 'P',
    status,
    categoryId: null,
  });

  it('makes Review.product null for everybody but catalog staff while the product is not public, the review itself staying readable', async () => {
    const ivy = customer();
    const productId = randomUUID();
    const review = await writeReview(h, ivy, { productId });
    await moderate(h, review.id, 'APPROVE');
    await h.deliver('product.created', productId, statusEvent(productId, 'ACTIVE'));
    expect(await productOf(review.id, {})).toEqual({ id: gid('Product', productId) });

    for (const status of ['DRAFT', 'ARCHIVED'] as const) {
      await h.deliver('product.updated', productId, statusEvent(productId, status));
      for (const caller of [{}, ivy, MODERATOR, STAFF_WITHOUT]) {
        const body = await h.data<{ review: { id: string; product: unknown } | null }>(
          REVIEW,
          { id: review.id },
          caller,
        );
        expect({ status, body }).toEqual({ status, body: { review: { id: review.id, product: null } } });
      }
      expect(await productOf(review.id, CATALOG_STAFF)).toEqual({ id: gid('Product', productId) });
    }

    await h.deliver('product.updated', productId, statusEvent(productId, 'ACTIVE'));
    expect(await productOf(review.id, ivy)).toEqual({ id: gid('Product', productId) });
  });

  it('ignores a status event older than the one it already applied', async () => {
    const jay = customer();
    const productId = randomUUID();
    const review = await writeReview(h, jay, { productId });
    await h.deliver('product.updated', productId, statusEvent(productId, 'DRAFT'));
    const stale = {
      id: randomUUID(),
      type: 'product.updated',
      source: 'products',
      subject: productId,
      time: new Date(Date.now() - 60_000).toISOString(),
      version: 1,
      actor: null,
      data: statusEvent(productId, 'ACTIVE'),
    };
    await h.publishRaw(stale);
    await h.applied(stale.id);
    expect(await productOf(review.id, jay)).toBeNull();
  });
});

describe('emitted events', () => {
  it('writes review.created and review.approved to the outbox, without the review text', async () => {
    const fay = customer();
    const review = await writeReview(h, fay, { productId: randomUUID(), rating: 2, body: 'secret-ish text' });
    await moderate(h, review.id, 'APPROVE');
    const rows = await h.database.db.select().from(outbox).orderBy(outbox.seq);
    const mine = rows
      .map((r) => r.envelope as { type: string; subject: string; data: Record<string, unknown> })
      .filter((e) => e.subject === rawId(review.id));
    expect(mine.map((e) => e.type)).toEqual(['review.created', 'review.approved']);
    expect(mine[0]!.data).toEqual({
      reviewId: rawId(review.id),
      productId: rawId(review.product.id),
      userId: fay.userId,
      rating: 2,
    });
  });
});
