import { asUser, ENTITIES } from '@shop/testing';
import { registerAccount, startUsersHarness, type UsersHarness } from './fixtures';

let h: UsersHarness;
let accounts: { id: string; email: string }[];
let addressIds: string[];
let reader: ReturnType<typeof asUser>;

beforeAll(async () => {
  h = await startUsersHarness('entities');
  accounts = [];
  for (let i = 0; i < 100; i++) accounts.push(await registerAccount(h, { name: `Entity ${i}` }));
  addressIds = [];
  for (const account of accounts.slice(0, 10)) {
    const created = await h.data<{ addressCreate: { address: { id: string } } }>(
      `mutation ($input: AddressCreateInput!) { addressCreate(input: $input) { address { id } } }`,
      {
        input: {
          firstName: 'E',
          lastName: 'Ntity',
          line1: '1 Batch Way',
          city: 'Leeds',
          postalCode: 'LS1 1AA',
          country: 'GB',
          setAsDefaultBilling: true,
        },
      },
      asUser(account.id),
    );
    addressIds.push(created.addressCreate.address.id);
  }
  reader = asUser((await registerAccount(h, { name: 'Reader' })).id, ['users:read']);
});
afterAll(async () => {
  await h?.stop();
});

describe('_entities', () => {
  it('resolves 100 users with ONE SQL statement, in representation order', async () => {
    const representations = accounts.map((a) => ({ __typename: 'User', id: a.id }));
    const { result, statements } = await h.statementsDuring(() =>
      h.data<{ _entities: { id: string; email: string; name: string }[] }>(
        ENTITIES('... on User { id email name status }'),
        { representations },
        reader,
      ),
    );
    expect(result._entities.map((e) => e.id)).toEqual(accounts.map((a) => a.id));
    expect(result._entities[42]?.email).toBe(accounts[42]!.email);
    expect(statements).toBe(1);
  });

  it('adds exactly ONE statement for the addresses and both defaults of all 100 users', async () => {
    const representations = accounts.map((a) => ({ __typename: 'User', id: a.id }));
    const { result, statements } = await h.statementsDuring(() =>
      h.data<{
        _entities: { id: string; addresses: { id: string }[]; defaultBillingAddress: { id: string } | null }[];
      }>(
        ENTITIES('... on User { id addresses { id city } defaultShippingAddress { id } defaultBillingAddress { id } }'),
        { representations },
        reader,
      ),
    );
    expect(result._entities[3]?.defaultBillingAddress).toEqual({ id: addressIds[3] });
    expect(result._entities[50]?.addresses).toEqual([]);
    expect(statements).toBe(2);
  });

  it('resolves addresses with one statement', async () => {
    const representations = addressIds.map((id) => ({ __typename: 'Address', id }));
    const { result, statements } = await h.statementsDuring(() =>
      h.data<{ _entities: { id: string }[] }>(
        ENTITIES('... on Address { id city isDefaultBilling }'),
        { representations },
        reader,
      ),
    );
    expect(result._entities.map((e) => e.id)).toEqual(addressIds);
    expect(statements).toBe(1);
  });

  it('resolves unknown and malformed ids to null without failing the batch', async () => {
    const body = await h.request<{ _entities: ({ id: string } | null)[] }>(
      ENTITIES('... on User { id } ... on Address { id }'),
      {
        representations: [
          { __typename: 'User', id: 'not-a-uuid' },
          { __typename: 'User', id: '0190a000-0000-7000-8000-000000000000' },
          { __typename: 'User', id: accounts[0]!.id },
          { __typename: 'Address', id: addressIds[0] },
        ],
      },
      reader,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities.map((e) => e?.id ?? null)).toEqual([null, null, accounts[0]!.id, addressIds[0]]);
  });
});
