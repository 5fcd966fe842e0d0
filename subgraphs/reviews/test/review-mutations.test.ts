import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { reviews } from '../src/db/schema';
import { harnessPerFile, ANONYMOUS, type Caller, customer, gid, rawId } from '@shop/testing';
import {
  CREATE,
  DELETE,
  moderate,
  startReviewsHarness,
  UPDATE,
  VOTE,
  writeReview,
  type Payload,
  MODERATOR,
  STAFF_WITHOUT,
} from './fixtures';

const h = harnessPerFile(() => startReviewsHarness('mutations'));

const REVIEW = `query ($id: ID!) { review(id: $id) { id status isMine } }`;

describe('reviewCreate', () => {
  it('creates a PENDING, unverified review owned by the caller', async () => {
    const alice = customer();
    const review = await writeReview(h, alice, {
      productId: randomUUID(),
      rating: 5,
      title: ' Great ',
      authorName: 'Alice W.',
    });
    expect(review).toMatchObject({
      rating: 5,
      title: 'Great',
      status: 'PENDING',
      verifiedPurchase: false,
      isMine: true,
      authorName: 'Alice W.',
      helpfulCount: 0,
    });
  });

  it('refuses out-of-range input with one userError per field, pointing into input', async () => {
    const alice = customer();
    const data = await h.data<{ reviewCreate: Payload }>(
      CREATE,
      {
        input: {
          productId: gid('Product', randomUUID()),
          rating: 6,
          title: '',
          body: 'x'.repeat(5001),
          authorName: 'y'.repeat(61),
        },
      },
      alice,
    );
    expect(data.reviewCreate.review).toBeNull();
    expect(data.reviewCreate.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID', ['input', 'rating']],
      ['INVALID', ['input', 'title']],
      ['INVALID', ['input', 'body']],
      ['INVALID', ['input', 'authorName']],
    ]);
  });

  it('refuses a malformed product id, a raw UUID and an id of another type as BAD_USER_INPUT', async () => {
    const alice = customer();
    for (const productId of ['nope', randomUUID(), gid('Review', randomUUID())]) {
      const body = await h.request<{ reviewCreate: Payload }>(
        CREATE,
        { input: { productId, rating: 3, title: 'T', body: 'B', authorName: 'A' } },
        alice,
      );
      expect(body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
        ['BAD_USER_INPUT', ['input', 'productId']],
      ]);
    }
  });

  it('allows one review per user per product: a second one is ALREADY_REVIEWED', async () => {
    const alice = customer();
    const productId = randomUUID();
    await writeReview(h, alice, { productId });
    const again = await h.data<{ reviewCreate: Payload }>(
      CREATE,
      { input: { productId: gid('Product', productId), rating: 1, title: 'T', body: 'B', authorName: 'A' } },
      alice,
    );
    expect(again.reviewCreate.userErrors).toEqual([
      expect.objectContaining({ code: 'ALREADY_REVIEWED', field: ['input', 'productId'] }),
    ]);
  });

  it('lets exactly one of two racing creates win; the other gets ALREADY_REVIEWED from the unique index', async () => {
    const alice = customer();
    const productId = randomUUID();
    // Hold an uncommitted review of the same (user, product): both creates pass the pre-check, then block on the index.
    // The creates start only once the blocking row is in: on a loaded machine they could otherwise commit first.
    let blocking!: () => void;
    const inserted = new Promise<void>((resolve) => (blocking = resolve));
    const blocker = h.database.db.transaction(async (tx) => {
      await tx.insert(reviews).values({
        id: randomUUID(),
        userId: alice.userId,
        productId,
        rating: 3,
        title: 't',
        body: 'b',
        authorName: 'a',
      });
      blocking();
      await new Promise((resolve) => setTimeout(resolve, 500));
      throw new Error('rollback');
    });
    await inserted;
    const input = { productId: gid('Product', productId), rating: 4, title: 'Race', body: 'B', authorName: 'A' };
    const racing = Promise.all([
      h.data<{ reviewCreate: Payload }>(CREATE, { input }, alice),
      h.data<{ reviewCreate: Payload }>(CREATE, { input }, alice),
    ]);
    await expect(blocker).rejects.toThrow('rollback');
    const results = await racing;
    const created = results.filter((r) => r.reviewCreate.review);
    const refused = results.flatMap((r) => r.reviewCreate.userErrors);
    expect(created).toHaveLength(1);
    expect(refused).toEqual([expect.objectContaining({ code: 'ALREADY_REVIEWED', field: ['input', 'productId'] })]);
    const rows = await h.database.db
      .select()
      .from(reviews)
      .where(and(eq(reviews.userId, alice.userId), eq(reviews.productId, productId)));
    expect(rows).toHaveLength(1);
  });

  it('refuses anonymous callers with UNAUTHENTICATED', async () => {
    const body = await h.request(
      CREATE,
      { input: { productId: gid('Product', randomUUID()), rating: 3, title: 'T', body: 'B', authorName: 'A' } },
      ANONYMOUS,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('reviewUpdate and reviewDelete', () => {
  it('sends an edited APPROVED review back to PENDING', async () => {
    const alice = customer();
    const review = await writeReview(h, alice, { productId: randomUUID() });
    await moderate(h, review.id, 'APPROVE');
    const data = await h.data<{ reviewUpdate: Payload }>(
      UPDATE,
      { input: { id: review.id, body: 'Changed my mind.', rating: 2 } },
      alice,
    );
    expect(data.reviewUpdate.review).toMatchObject({ status: 'PENDING', body: 'Changed my mind.', rating: 2 });
  });

  it("treats someone else's review as NOT_FOUND and leaves it unchanged", async () => {
    const alice = customer();
    const bob = customer();
    const review = await writeReview(h, alice, { productId: randomUUID(), title: 'Mine' });
    const update = await h.data<{ reviewUpdate: Payload }>(
      UPDATE,
      { input: { id: review.id, title: 'Hijacked' } },
      bob,
    );
    expect(update.reviewUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'id'] }),
    ]);
    const del = await h.data<{ reviewDelete: { deletedReviewId: string | null; userErrors: { code: string }[] } }>(
      DELETE,
      { input: { id: review.id } },
      bob,
    );
    expect(del.reviewDelete).toMatchObject({ deletedReviewId: null, userErrors: [{ code: 'NOT_FOUND' }] });
    const [row] = await h.database.db
      .select()
      .from(reviews)
      .where(eq(reviews.id, rawId(review.id)));
    expect(row?.title).toBe('Mine');
  });

  it('refuses an update that changes nothing, and invalid values with their field', async () => {
    const alice = customer();
    const review = await writeReview(h, alice, { productId: randomUUID() });
    const empty = await h.data<{ reviewUpdate: Payload }>(UPDATE, { input: { id: review.id } }, alice);
    expect(empty.reviewUpdate.userErrors).toEqual([expect.objectContaining({ code: 'INVALID', field: null })]);
    const bad = await h.data<{ reviewUpdate: Payload }>(UPDATE, { input: { id: review.id, rating: 0 } }, alice);
    expect(bad.reviewUpdate.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID', field: ['input', 'rating'] }),
    ]);
  });

  it('deletes your own review; the product can then be reviewed again', async () => {
    const alice = customer();
    const productId = randomUUID();
    const review = await writeReview(h, alice, { productId });
    const del = await h.data<{ reviewDelete: { deletedReviewId: string | null } }>(
      DELETE,
      { input: { id: review.id } },
      alice,
    );
    expect(del.reviewDelete.deletedReviewId).toBe(review.id);
    expect((await h.data<{ review: unknown }>(REVIEW, { id: review.id }, alice)).review).toBeNull();
    await writeReview(h, alice, { productId });
  });
});

describe('moderation and visibility', () => {
  it('hides a PENDING review from anonymous callers and other customers, but shows it to its author and moderators', async () => {
    const alice = customer();
    const bob = customer();
    const review = await writeReview(h, alice, { productId: randomUUID() });
    const seen = async (caller: Caller) =>
      (await h.data<{ review: { id: string } | null }>(REVIEW, { id: review.id }, caller)).review?.id ?? null;
    expect(await seen(ANONYMOUS)).toBeNull();
    expect(await seen(bob)).toBeNull();
    expect(await seen(alice)).toBe(review.id);
    expect(await seen(MODERATOR)).toBe(review.id);

    await moderate(h, review.id, 'APPROVE');
    expect(await seen(ANONYMOUS)).toBe(review.id);

    const rejected = await moderate(h, review.id, 'REJECT', 'Off topic');
    expect(rejected).toMatchObject({ status: 'REJECTED', moderationReason: 'Off topic' });
    expect(await seen(ANONYMOUS)).toBeNull();
    const own = await h.data<{ review: { status: string; moderationReason: string } }>(
      `query ($id: ID!) { review(id: $id) { status moderationReason } }`,
      { id: review.id },
      alice,
    );
    expect(own.review).toEqual({ status: 'REJECTED', moderationReason: 'Off topic' });
  });

  it('lists the PENDING queue oldest first for moderators only', async () => {
    const alice = customer();
    const first = await writeReview(h, alice, { productId: randomUUID() });
    const second = await writeReview(h, alice, { productId: randomUUID() });
    const QUEUE = `{ reviewsForModeration(status: PENDING, first: 100) { nodes { id status } pageInfo { hasNextPage } } }`;
    const queue = await h.data<{ reviewsForModeration: { nodes: { id: string; status: string }[] } }>(
      QUEUE,
      {},
      MODERATOR,
    );
    const ids = queue.reviewsForModeration.nodes.map((n) => n.id);
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(queue.reviewsForModeration.nodes.every((n) => n.status === 'PENDING')).toBe(true);
    expect((await h.request(QUEUE, {}, alice)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.request(QUEUE, {}, STAFF_WITHOUT)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.request(QUEUE, {}, ANONYMOUS)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses reviewModerate to customers', async () => {
    const alice = customer();
    const review = await writeReview(h, alice, { productId: randomUUID() });
    const body = await h.request(
      `mutation ($input: ReviewModerateInput!) { reviewModerate(input: $input) { userErrors { code } } }`,
      { input: { id: review.id, decision: 'APPROVE' } },
      alice,
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('reviewVote', () => {
  it('counts one vote per user, lets them change it, and refuses votes on your own review', async () => {
    const alice = customer();
    const bob = customer();
    const carol = customer();
    const review = await writeReview(h, alice, { productId: randomUUID() });
    await moderate(h, review.id, 'APPROVE');
    const vote = (caller: Caller, helpful: boolean) =>
      h.data<{ reviewVote: Payload }>(VOTE, { input: { id: review.id, helpful } }, caller);

    expect((await vote(bob, true)).reviewVote.review).toMatchObject({
      helpfulCount: 1,
      notHelpfulCount: 0,
      myVote: true,
    });
    expect((await vote(bob, true)).reviewVote.review).toMatchObject({ helpfulCount: 1, notHelpfulCount: 0 });
    expect((await vote(carol, true)).reviewVote.review).toMatchObject({ helpfulCount: 2 });
    expect((await vote(bob, false)).reviewVote.review).toMatchObject({
      helpfulCount: 1,
      notHelpfulCount: 1,
      myVote: false,
    });
    expect((await vote(alice, true)).reviewVote.userErrors).toEqual([
      expect.objectContaining({ code: 'OWN_REVIEW', field: ['input', 'id'] }),
    ]);
  });

  it('refuses votes on reviews that are not approved', async () => {
    const alice = customer();
    const bob = customer();
    const review = await writeReview(h, alice, { productId: randomUUID() });
    // Bob cannot see a PENDING review at all; a moderator can, but it is not approved.
    expect(
      (await h.data<{ reviewVote: Payload }>(VOTE, { input: { id: review.id, helpful: true } }, bob)).reviewVote
        .userErrors[0]?.code,
    ).toBe('NOT_FOUND');
    const staffVote = await h.request<{ reviewVote: Payload }>(
      VOTE,
      { input: { id: review.id, helpful: true } },
      MODERATOR,
    );
    expect(staffVote.data?.reviewVote.userErrors[0]?.code).toBe('NOT_APPROVED');
  });
});
