import { newId } from '@shop/core';
import { gid } from '@shop/testing';
import {
  eventually,
  startIdentitySupergraph,
  type IdentitySupergraph,
  type Persona,
} from './support/identity-supergraph';

/**
 * node(id:) for the types that are not the storefront's entities (Warehouse, StockLedgerEntry, PricingRule,
 * DiscountCode, TaxClass, TaxRate, Session): `_entities` is reachable by any client through node(), so each answers
 * the object only to a viewer the typed API lets read it, and null (never an error that reveals it exists) to
 * anyone else.
 */
let env: IdentitySupergraph;
let staff: Persona; // inventory:write + pricing:write + catalog:write
let catalogStaff: Persona; // staff, but without inventory:write / pricing:write / users:manage
let usersStaff: Persona; // users:manage
let customer: Persona;
let otherCustomer: Persona;

const SELECTION: Record<string, string> = {
  Warehouse: 'id code name priority active lowStockThreshold',
  StockLedgerEntry: 'id variantId warehouse { id } reason quantity onHandAfter actorId note createdAt',
  PricingRule: 'id name kind ruleBasisPoints: basisPoints productId minQuantity priority stackable createdAt',
  DiscountCode: 'id code kind codeBasisPoints: basisPoints usageLimit usageCount active',
  TaxClass: 'id name isDefault',
  TaxRate: 'id country region basisPoints name taxClass { id name }',
  Session: 'id device createdAt lastSeenAt current',
};
/** Each object as its typed query shows it to the caller allowed to read it. */
const typed: Record<string, Record<string, unknown> & { id: string }> = {};

const FRAGMENTS = Object.entries(SELECTION)
  .map(([type, selection]) => `... on ${type} { ${selection} }`)
  .join('\n');

const nodeOf = (id: string, headers?: Record<string, string>) =>
  env.gql<{ node: Record<string, unknown> | null }>(
    `query ($id: ID!) { node(id: $id) { __typename ${FRAGMENTS} } }`,
    { id },
    headers,
  );

async function only<T>(query: string, headers: Record<string, string>, variables: Record<string, unknown> = {}) {
  const result = await env.gql<T>(query, variables, headers);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

beforeAll(async () => {
  env = await startIdentitySupergraph('nodeentities');
  [staff, catalogStaff, usersStaff, customer, otherCustomer] = await Promise.all([
    env.persona('Node Staff', ['catalog:write', 'inventory:write', 'pricing:write']),
    env.persona('Node Catalog Staff', ['catalog:write']),
    env.persona('Node Users Staff', ['users:manage']),
    env.persona('Node Customer'),
    env.persona('Node Other Customer'),
  ]);
  const suffix = newId().slice(-10);
  const created = await env.mutate<{ product: { id: string; variants: { id: string }[] } }>(
    `mutation ($input: ProductCreateInput!) { productCreate(input: $input) { product { id variants { id } } userErrors { code message } } }`,
    {
      input: {
        name: 'Node Lamp',
        slug: `node-lamp-${suffix}`,
        status: 'ACTIVE',
        variants: [{ sku: `NODE-${suffix}`.toUpperCase() }],
      },
    },
    staff.headers,
    'productCreate',
  );
  const productId = created.product.id;
  const variantId = created.product.variants[0]!.id;
  const warehouse = await env.mutate<{ warehouse: { id: string } }>(
    `mutation ($input: WarehouseCreateInput!) { warehouseCreate(input: $input) { warehouse { id } userErrors { code message } } }`,
    {
      input: {
        code: `WH-${suffix}`.toUpperCase(),
        name: 'Node Dock',
        priority: 3,
        address: { line1: '1 Dock Rd', city: 'Leeds', postalCode: 'LS1 1AA', countryCode: 'GB' },
      },
    },
    staff.headers,
    'warehouseCreate',
  );
  const warehouseId = warehouse.warehouse.id;
  await eventually(
    () =>
      env.mutate(
        `mutation ($input: StockReceiveInput!) { stockReceive(input: $input) { stockLevel { onHand } userErrors { code message } } }`,
        { input: { variantId, warehouseId, quantity: 6 } },
        staff.headers,
        'stockReceive',
      ),
    'inventory learns the variant',
  );
  const rule = await env.mutate<{ pricingRule: { id: string } }>(
    `mutation ($input: PricingRuleCreateInput!) { pricingRuleCreate(input: $input) { pricingRule { id } userErrors { code message } } }`,
    { input: { name: `Node sale ${suffix}`, kind: 'PERCENTAGE', basisPoints: 1000, productId } },
    staff.headers,
    'pricingRuleCreate',
  );
  const code = await env.mutate<{ discountCode: { id: string } }>(
    `mutation ($input: DiscountCodeCreateInput!) { discountCodeCreate(input: $input) { discountCode { id } userErrors { code message } } }`,
    { input: { code: `NODE${suffix}`.toUpperCase(), kind: 'PERCENTAGE', basisPoints: 500, usageLimit: 3 } },
    staff.headers,
    'discountCodeCreate',
  );
  const taxClass = await env.mutate<{ taxClass: { id: string } }>(
    `mutation ($input: TaxClassCreateInput!) { taxClassCreate(input: $input) { taxClass { id } userErrors { code message } } }`,
    { input: { name: `Node goods ${suffix}` } },
    staff.headers,
    'taxClassCreate',
  );
  const rate = await env.mutate<{ taxRate: { id: string } }>(
    `mutation ($input: TaxRateCreateInput!) { taxRateCreate(input: $input) { taxRate { id } userErrors { code message } } }`,
    { input: { taxClassId: taxClass.taxClass.id, country: 'DE', basisPoints: 1900, name: 'DE VAT' } },
    staff.headers,
    'taxRateCreate',
  );

  // The typed queries' answers, each found in its staff list (or the user's own sessions).
  type Page<N> = { nodes: N[] };
  type Row = Record<string, unknown> & { id: string };
  const find = (rows: Row[], id: string): Row => {
    const row = rows.find((r) => r.id === id);
    if (!row) throw new Error(`${id} is not in the typed list`);
    return row;
  };
  const lists = await only<{
    warehouses: Page<Row>;
    stockLedger: Page<Row>;
    pricingRules: Page<Row>;
    discountCodes: Page<Row>;
    taxRates: Page<Row & { taxClass: { id: string } }>;
  }>(
    `query ($warehouseId: ID!) {
      warehouses(first: 100) { nodes { ${SELECTION.Warehouse} } }
      stockLedger(filter: { warehouseId: $warehouseId }, first: 100) { nodes { ${SELECTION.StockLedgerEntry} } }
      pricingRules(last: 100) { nodes { ${SELECTION.PricingRule} } }
      discountCodes(last: 100) { nodes { ${SELECTION.DiscountCode} } }
      taxRates(last: 100) { nodes { ${SELECTION.TaxRate} taxClassFull: taxClass { ${SELECTION.TaxClass} } } }
    }`,
    staff.headers,
    { warehouseId },
  );
  typed.Warehouse = find(lists.warehouses.nodes, warehouseId);
  expect(lists.stockLedger.nodes).toHaveLength(1);
  typed.StockLedgerEntry = lists.stockLedger.nodes[0]!;
  typed.PricingRule = find(lists.pricingRules.nodes, rule.pricingRule.id);
  typed.DiscountCode = find(lists.discountCodes.nodes, code.discountCode.id);
  const { taxClassFull, ...rateRow } = find(lists.taxRates.nodes, rate.taxRate.id) as Row & { taxClassFull: Row };
  typed.TaxRate = rateRow;
  typed.TaxClass = taxClassFull;
  const sessions = await only<{ me: { sessions: Row[] } }>(
    `{ me { sessions { ${SELECTION.Session} } } }`,
    customer.headers,
  );
  expect(sessions.me.sessions).toHaveLength(1);
  typed.Session = sessions.me.sessions[0]!;
}, 240_000);
afterAll(async () => {
  await env?.stop();
});

const STAFF_ONLY = ['Warehouse', 'StockLedgerEntry', 'PricingRule', 'DiscountCode', 'TaxClass', 'TaxRate'];

describe('node(id:) of staff-only types', () => {
  it.each(STAFF_ONLY)('%s: the staff with its permission get what the typed query shows', async (type) => {
    const result = await nodeOf(typed[type]!.id, staff.headers);
    expect(result.errors).toBeUndefined();
    expect(result.data?.node).toEqual({ __typename: type, ...typed[type] });
  });

  it.each(STAFF_ONLY)(
    '%s: anonymous callers, customers and staff without the permission get null, with no error',
    async (type) => {
      for (const headers of [undefined, customer.headers, catalogStaff.headers, usersStaff.headers]) {
        const result = await nodeOf(typed[type]!.id, headers);
        expect(result.errors).toBeUndefined();
        expect(result.data).toEqual({ node: null });
      }
    },
  );

  it.each(STAFF_ONLY)('%s: an id that names nothing is null for the allowed staff too', async (type) => {
    const result = await nodeOf(gid(type, newId()), staff.headers);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ node: null });
  });
});

describe('node(id:) of a Session', () => {
  it('its user gets what `me { sessions }` shows', async () => {
    const result = await nodeOf(typed.Session!.id, customer.headers);
    expect(result.errors).toBeUndefined();
    expect(result.data?.node).toEqual({ __typename: 'Session', ...typed.Session });
  });

  it('staff with users:manage get it, as they may read the user’s sessions', async () => {
    const result = await nodeOf(typed.Session!.id, usersStaff.headers);
    expect(result.errors).toBeUndefined();
    expect(result.data?.node).toEqual({ __typename: 'Session', ...typed.Session, current: false });
  });

  it('anyone else gets null, with no error: anonymous, another customer, staff without users:manage', async () => {
    for (const headers of [undefined, otherCustomer.headers, staff.headers, catalogStaff.headers]) {
      const result = await nodeOf(typed.Session!.id, headers);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ node: null });
    }
  });

  it('a signed-out session is null even for its user', async () => {
    const second = await env.gql<{ login: { accessToken: string } }>(
      `mutation ($input: LoginInput!) { login(input: $input) { accessToken } }`,
      { input: { email: otherCustomer.email, password: otherCustomer.password } },
    );
    const headers = { authorization: `Bearer ${second.data!.login.accessToken}` };
    const mine = await only<{ me: { sessions: { id: string; current: boolean }[] } }>(
      `{ me { sessions { id current } } }`,
      headers,
    );
    const current = mine.me.sessions.find((s) => s.current)!.id;
    const before = await nodeOf(current, otherCustomer.headers);
    expect(before.errors).toBeUndefined();
    expect(before.data?.node).toMatchObject({ __typename: 'Session', id: current, current: false });
    await env.mutate(
      `mutation ($input: SessionRevokeInput!) { sessionRevoke(input: $input) { revokedSessionIds userErrors { code message } } }`,
      { input: { sessionId: current } },
      otherCustomer.headers,
      'sessionRevoke',
    );
    const result = await nodeOf(current, otherCustomer.headers);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ node: null });
  });
});

describe('nodes(ids:)', () => {
  it('mixes types, answering each per its own rule, in order', async () => {
    const ids = [typed.Warehouse!.id, typed.Session!.id, typed.DiscountCode!.id, gid('TaxRate', newId())];
    // A field of the owner's in every fragment: the owner's `_entities` (and so its rule) decides each entry.
    const query = `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename ${FRAGMENTS} } }`;
    const asStaff = await env.gql<{ nodes: ({ __typename: string; id: string } | null)[] }>(
      query,
      { ids },
      staff.headers,
    );
    expect(asStaff.errors).toBeUndefined();
    expect(asStaff.data?.nodes.map((n) => n?.__typename ?? null)).toEqual(['Warehouse', null, 'DiscountCode', null]);
    const asCustomer = await env.gql<{ nodes: ({ __typename: string; id: string } | null)[] }>(
      query,
      { ids },
      customer.headers,
    );
    expect(asCustomer.errors).toBeUndefined();
    expect(asCustomer.data?.nodes.map((n) => n?.__typename ?? null)).toEqual([null, 'Session', null, null]);
  });
});
