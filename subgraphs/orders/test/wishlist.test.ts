import { randomUUID } from 'node:crypto';
import {
  harnessPerFile,
  ANONYMOUS,
  customer,
  ENTITIES,
  eventually,
  gid,
  rawId,
  staff,
  USER_ERRORS,
  type Caller,
} from '@shop/testing';
import { codes, createCart, lines, startCartHarness, variantGid } from './cart-fixtures';

/** Wishlists on real PostgreSQL and NATS (stand-in products and inventory): add, remove, list, move, share. */
const h = harnessPerFile(() => startCartHarness('wishlist'));

const ADD = `mutation ($input: WishlistAddInput!) { wishlistAdd(input: $input) { item { id variantId variant { id } addedAt } ${USER_ERRORS} } }`;
const REMOVE = `mutation ($input: WishlistRemoveInput!) { wishlistRemove(input: $input) { removedVariantId ${USER_ERRORS} } }`;
const MOVE = `mutation ($input: WishlistMoveToCartInput!) { wishlistMoveToCart(input: $input) { cart { id lines { variantId quantity stockStatus } } ${USER_ERRORS} } }`;
const SHARE = `mutation ($input: WishlistShareInput!) { wishlistShare(input: $input) { shareToken ${USER_ERRORS} } }`;
const PAGE = 'totalCount nodes { variantId } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
const SHARED = `query ($token: String!, $first: Int, $after: String) { wishlist(shareToken: $token, first: $first, after: $after) { ${PAGE} } }`;
const MINE = ENTITIES(`... on User { wishlist(first: 100) { ${PAGE} } }`);

interface Page {
  totalCount: number;
  nodes: { variantId: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const add = async (caller: Caller, variantId: string) =>
  (
    await h.data<{
      wishlistAdd: {
        item: { id: string; variantId: string } | null;
        userErrors: { code: string; field: string[] | null; message: string }[];
      };
    }>(ADD, { input: { variantId: variantGid(variantId) } }, caller)
  ).wishlistAdd;

const wishlistOf = async (caller: Caller & { userId: string }, viewer: Caller = caller) =>
  (
    await h.data<{ _entities: { wishlist: Page }[] }>(
      MINE,
      { representations: [{ __typename: 'User', id: gid('User', caller.userId) }] },
      viewer,
    )
  )._entities[0]!.wishlist;

describe('wishlistAdd, wishlistRemove and User.wishlist', () => {
  it('keeps each variant once, oldest first, and removes them', async () => {
    const me = customer();
    const [a, b] = [h.variant(), h.variant()];
    const first = await add(me, a);
    expect(first.userErrors).toEqual([]);
    expect((await add(me, b)).userErrors).toEqual([]);
    const again = await add(me, a);
    expect(again.item!.id).toBe(first.item!.id);
    expect((await wishlistOf(me)).nodes.map((n) => rawId(n.variantId))).toEqual([a, b]);
    const removed = await h.data<{ wishlistRemove: { removedVariantId: string } }>(
      REMOVE,
      { input: { variantId: variantGid(a) } },
      me,
    );
    expect(removed.wishlistRemove.removedVariantId).toBe(variantGid(a));
    const page = await wishlistOf(me);
    expect([page.totalCount, page.nodes.map((n) => rawId(n.variantId))]).toEqual([1, [b]]);
    const gone = await h.data<{ wishlistRemove: { userErrors: { code: string }[] } }>(
      REMOVE,
      { input: { variantId: variantGid(a) } },
      me,
    );
    expect(gone.wishlistRemove.userErrors.map((e) => e.code)).toEqual(['WISHLIST_ITEM_NOT_FOUND']);
  });

  it('refuses variants not on sale, and anonymous callers', async () => {
    const me = customer();
    for (const variantId of [h.variant({ status: 'DRAFT' }), h.variant({ status: null }), randomUUID()]) {
      const refused = await add(me, variantId);
      expect(codes(refused.userErrors)).toEqual([['VARIANT_NOT_FOUND', ['input', 'variantId']]]);
    }
    expect((await wishlistOf(me)).totalCount).toBe(0);
    const anonymous = await h.request(ADD, { input: { variantId: variantGid(h.variant()) } }, ANONYMOUS);
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('shows a wishlist to its owner and orders:manage staff only (_entities included)', async () => {
    const a = customer();
    await add(a, h.variant());
    expect((await wishlistOf(a, staff(['orders:manage']))).totalCount).toBe(1);
    for (const [other, code] of [
      [customer(), 'FORBIDDEN'],
      [staff([]), 'FORBIDDEN'],
      [ANONYMOUS, 'UNAUTHENTICATED'],
    ] as const) {
      const body = await h.request(
        MINE,
        { representations: [{ __typename: 'User', id: gid('User', a.userId) }] },
        other,
      );
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
      expect(JSON.stringify(body.data)).not.toContain('variantId');
    }
  });
});

describe('wishlistMoveToCart', () => {
  it('moves variants into the open cart (creating one), adding to existing lines, and off the wishlist', async () => {
    const me = customer();
    const [a, b, c] = [h.variant(), h.variant(), h.variant()];
    for (const v of [a, b, c]) await add(me, v);
    const made = await h.data<{
      wishlistMoveToCart: { cart: { id: string; lines: { variantId: string; quantity: number }[] } };
    }>(MOVE, { input: { variantIds: [variantGid(a)] } }, me);
    expect(made.wishlistMoveToCart.cart.lines.map((l) => [rawId(l.variantId), l.quantity])).toEqual([[a, 1]]);
    await h.data(
      `mutation ($input: CartLinesAddInput!) { cartLinesAdd(input: $input) { userErrors { code } } }`,
      { input: { cartId: made.wishlistMoveToCart.cart.id, lines: lines([b, 2]) } },
      me,
    );
    const moved = await h.data<{
      wishlistMoveToCart: { cart: { id: string; lines: { variantId: string; quantity: number }[] } };
    }>(MOVE, { input: { variantIds: [variantGid(b), variantGid(c)] } }, me);
    expect(moved.wishlistMoveToCart.cart.id).toBe(made.wishlistMoveToCart.cart.id);
    expect(moved.wishlistMoveToCart.cart.lines.map((l) => [rawId(l.variantId), l.quantity])).toEqual([
      [a, 1],
      [b, 3],
      [c, 1],
    ]);
    expect((await wishlistOf(me)).totalCount).toBe(0);
  });

  it('refuses variants not on the wishlist, moving nothing', async () => {
    const me = customer();
    const a = h.variant();
    await add(me, a);
    const refused = await h.data<{
      wishlistMoveToCart: { cart: unknown; userErrors: { code: string; field: string[] }[] };
    }>(MOVE, { input: { variantIds: [variantGid(a), variantGid(h.variant())] } }, me);
    expect(codes(refused.wishlistMoveToCart.userErrors as never)).toEqual([
      ['WISHLIST_ITEM_NOT_FOUND', ['input', 'variantIds', '1']],
    ]);
    expect((await wishlistOf(me)).totalCount).toBe(1);
    expect(await createCart(h, me, {})).toMatchObject({ cart: { lines: [] } });
  });
});

describe('wishlistShare and wishlist(shareToken)', () => {
  it('shares the items, read-only and without the owner, until switched off or renewed', async () => {
    const me = customer();
    const [a, b, c] = [h.variant(), h.variant(), h.variant()];
    for (const v of [a, b, c]) await add(me, v);
    const shared = await h.data<{ wishlistShare: { shareToken: string } }>(SHARE, { input: { enabled: true } }, me);
    const token = shared.wishlistShare.shareToken;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const first = await h.data<{ wishlist: Page }>(SHARED, { token, first: 2 }, ANONYMOUS);
    expect(first.wishlist.nodes.map((n) => rawId(n.variantId))).toEqual([a, b]);
    const next = await h.data<{ wishlist: Page }>(SHARED, {
      token,
      first: 2,
      after: first.wishlist.pageInfo.endCursor,
    });
    expect(next.wishlist.nodes.map((n) => rawId(n.variantId))).toEqual([c]);
    expect(JSON.stringify(first)).not.toContain(me.userId);

    const renewed = await h.data<{ wishlistShare: { shareToken: string } }>(SHARE, { input: { enabled: true } }, me);
    expect(renewed.wishlistShare.shareToken).not.toBe(token);
    expect((await h.data<{ wishlist: Page | null }>(SHARED, { token })).wishlist).toBeNull();
    await h.data(SHARE, { input: { enabled: false } }, me);
    expect(
      (await h.data<{ wishlist: Page | null }>(SHARED, { token: renewed.wishlistShare.shareToken })).wishlist,
    ).toBeNull();
  });

  it('answers null for unknown, empty and hostile tokens', async () => {
    for (const token of ['', 'nope', 'x'.repeat(10_000), "' OR 1=1 --"]) {
      expect((await h.data<{ wishlist: Page | null }>(SHARED, { token })).wishlist).toBeNull();
    }
  });
});

describe('user.deleted', () => {
  it("forgets the account's wishlist, its share link and its open cart, giving the cart's stock back", async () => {
    const me = customer();
    const v = h.variant({ stock: 10 });
    await add(me, h.variant());
    const token = (await h.data<{ wishlistShare: { shareToken: string } }>(SHARE, { input: { enabled: true } }, me))
      .wishlistShare.shareToken;
    const { cart } = await createCart(h, me, { lines: lines([v, 3]) });
    expect(h.available(v)).toBe(7);

    await h.deliver('user.deleted', me.userId, { userId: me.userId });
    // Delivered again (a redelivery): nothing left to do, no error.
    await h.deliver('user.deleted', me.userId, { userId: me.userId });

    expect((await wishlistOf(me)).totalCount).toBe(0);
    expect((await h.data<{ wishlist: Page | null }>(SHARED, { token })).wishlist).toBeNull();
    expect(
      (await h.data<{ cart: unknown }>(`query ($id: ID!) { cart(id: $id) { id } }`, { id: cart!.id }, me)).cart,
    ).toBeNull();
    // The hold is given back once the consumer's transaction committed.
    await eventually(async () => (h.available(v) === 10 ? true : undefined), {
      timeoutMs: 20_000,
      what: "the deleted account's cart hold given back",
    });
  }, 60_000);
});
