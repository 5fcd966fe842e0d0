import {
  ANONYMOUS,
  customer,
  ENTITIES,
  gid,
  rawId,
  staff,
  startTestSubgraph,
  USER_ERRORS,
  type TestSubgraph,
  type UserErrorBody,
} from '@shop/testing';
import { shippingSubgraph } from '../src/service';

/** Shipping end to end on real PostgreSQL and NATS: the list both ways, the mutation, its userErrors and who may call it. */
let h: TestSubgraph;
beforeAll(async () => {
  h = await startTestSubgraph(shippingSubgraph, { label: 'items' });
});
afterAll(async () => {
  await h?.stop();
});

const WRITER = staff(['shipping:write']);

interface Item {
  id: string;
  name: string;
  createdAt: string;
}
interface Payload {
  item: Item | null;
  userErrors: UserErrorBody[];
}

const CREATE = `mutation ($input: ShippingItemCreateInput!) { shippingItemCreate(input: $input) { item { id name createdAt } ${USER_ERRORS} } }`;
const LIST = `query ($first: Int, $after: String, $last: Int, $before: String) {
  shippingItems(first: $first, after: $after, last: $last, before: $before) {
    totalCount nodes { name } edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface Page {
  totalCount: number;
  nodes: { name: string }[];
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const create = async (name: string): Promise<Payload> =>
  (await h.data<{ shippingItemCreate: Payload }>(CREATE, { input: { name } }, WRITER)).shippingItemCreate;

describe('shippingItemCreate', () => {
  it('creates an item and announces it on the bus in the same transaction', async () => {
    const { item, userErrors } = await create('  Created item  ');
    expect(userErrors).toEqual([]);
    expect(item).toMatchObject({ name: 'Created item' });
    const events = await h.outboxEvents('shipping.item_created');
    expect(events.map((e) => e.data)).toContainEqual({ itemId: rawId(item!.id), name: 'Created item' });
  });

  it('refuses an empty name and a taken one with userErrors, creating nothing', async () => {
    const empty = await create('   ');
    expect(empty.item).toBeNull();
    expect(empty.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID', ['input', 'name']]]);
    await create('Taken name');
    const taken = await create('Taken name');
    expect(taken.item).toBeNull();
    expect(taken.userErrors.map((e) => [e.code, e.field])).toEqual([['NAME_TAKEN', ['input', 'name']]]);
    const list = await h.data<{ shippingItems: Page }>(LIST, { first: 100 });
    expect(list.shippingItems.nodes.filter((node) => node.name === 'Taken name')).toHaveLength(1);
  });

  it.each([
    ['anonymous callers', ANONYMOUS, 'UNAUTHENTICATED'],
    ['customers', customer(), 'FORBIDDEN'],
    ['staff without shipping:write', staff([]), 'FORBIDDEN'],
  ])('is refused to %s, and nothing is written', async (_who, caller, code) => {
    const name = `Refused ${code} ${Math.random()}`;
    const body = await h.request<{ shippingItemCreate: Payload }>(CREATE, { input: { name } }, caller);
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(body.data).toBeNull();
    const list = await h.data<{ shippingItems: Page }>(LIST, { first: 100 });
    expect(list.shippingItems.nodes.map((node) => node.name)).not.toContain(name);
  });
});

describe('shippingItems', () => {
  it('pages forward and backward over the same items, oldest first, and counts them', async () => {
    for (const name of ['Page A', 'Page B', 'Page C']) await create(name);
    const all = (await h.data<{ shippingItems: Page }>(LIST, { first: 100 }, ANONYMOUS)).shippingItems;
    const names = all.nodes.map((node) => node.name);
    expect(names.indexOf('Page A')).toBeLessThan(names.indexOf('Page B'));
    expect(names.indexOf('Page B')).toBeLessThan(names.indexOf('Page C'));
    expect(all.totalCount).toBe(names.length);

    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = (await h.data<{ shippingItems: Page }>(LIST, { first: 2, after })).shippingItems;
      forward.push(...page.nodes.map((node) => node.name));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: Page = (await h.data<{ shippingItems: Page }>(LIST, { last: 2, before })).shippingItems;
      backward.unshift(...page.nodes.map((node) => node.name));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(forward).toEqual(names);
    expect(backward).toEqual(names);
  });

  it('refuses a cursor it did not issue with BAD_USER_INPUT', async () => {
    const body = await h.request(LIST, { first: 1, after: 'not-a-cursor' });
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('ShippingItem as an entity', () => {
  it('resolves references through _entities, null for an unknown id', async () => {
    const { item } = await create('Referenced item');
    const data = await h.data<{ _entities: ({ name: string } | null)[] }>(ENTITIES('... on ShippingItem { name }'), {
      representations: [
        { __typename: 'ShippingItem', id: item!.id },
        { __typename: 'ShippingItem', id: gid('ShippingItem', '00000000-0000-7000-8000-000000000000') },
      ],
    });
    expect(data._entities).toEqual([{ __typename: 'ShippingItem', name: 'Referenced item' }, null]);
  });
});
