import { ANONYMOUS, asUser, type Caller, type GraphQLResponse, gid } from '@shop/testing';
import { registerAccount, startUsersHarness, type UsersHarness } from './fixtures';

let h: UsersHarness;
let alice: { id: string; email: string };
let bob: { id: string; email: string };
let aliceAddressId: string;
let staffId: string;

beforeAll(async () => {
  h = await startUsersHarness('access');
  alice = await registerAccount(h, { name: 'Alice' });
  bob = await registerAccount(h, { name: 'Bob' });
  staffId = (await registerAccount(h, { name: 'Support' })).id;
  const created = await h.data<{ addressCreate: { address: { id: string } } }>(
    `mutation ($input: AddressCreateInput!) { addressCreate(input: $input) { address { id } } }`,
    {
      input: {
        firstName: 'Alice',
        lastName: 'A',
        line1: '1 Secret Road',
        city: 'Oslo',
        postalCode: '0150',
        country: 'NO',
        setAsDefaultShipping: true,
      },
    },
    asUser(alice.id),
  );
  aliceAddressId = created.addressCreate.address.id;
});
afterAll(async () => {
  await h?.stop();
});

const USER_BY_ID = `query ($id: ID!) { user(id: $id) { id email name phone preferences { marketingConsent { email } } addresses { line1 } } }`;
const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on User { id email name defaultShippingAddress { line1 } preferences { notifications { kind } } }
    ... on Address { id line1 city }
  }
}`;

const codesOf = (body: GraphQLResponse<unknown>) => [...new Set((body.errors ?? []).map((e) => e.extensions?.code))];
const leaks = (body: GraphQLResponse<unknown>, ...secrets: string[]) =>
  secrets.some((s) => JSON.stringify(body.data).includes(s));

async function entities(caller: Caller, representations: Record<string, string>[]) {
  return h.request<{ _entities: (Record<string, unknown> | null)[] }>(ENTITIES, { representations }, caller);
}

describe("one customer can never read another's data", () => {
  it('not through user(id): FORBIDDEN, whether or not the id exists', async () => {
    for (const id of [alice.id, gid('User', '0190a000-0000-7000-8000-000000000000')]) {
      const body = await h.request<{ user: unknown }>(USER_BY_ID, { id }, asUser(bob.id));
      expect(body.data?.user ?? null).toBeNull();
      expect(codesOf(body)).toEqual(['FORBIDDEN']);
    }
  });

  it('not through _entities (User and Address): every field is FORBIDDEN and nothing leaks', async () => {
    const body = await entities(asUser(bob.id), [
      { __typename: 'User', id: alice.id },
      { __typename: 'Address', id: aliceAddressId },
    ]);
    expect(codesOf(body)).toEqual(['FORBIDDEN']);
    expect(leaks(body, alice.email, 'Alice', 'Secret Road', 'Oslo')).toBe(false);
  });

  it('while the owner reads the same through both paths', async () => {
    const direct = await h.data<{ user: { email: string; addresses: { line1: string }[] } }>(
      USER_BY_ID,
      { id: alice.id },
      asUser(alice.id),
    );
    expect(direct.user).toMatchObject({ email: alice.email, addresses: [{ line1: '1 Secret Road' }] });
    const body = await entities(asUser(alice.id), [
      { __typename: 'User', id: alice.id },
      { __typename: 'Address', id: aliceAddressId },
    ]);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities).toEqual([
      {
        __typename: 'User',
        id: alice.id,
        email: alice.email,
        name: 'Alice',
        defaultShippingAddress: { line1: '1 Secret Road' },
        preferences: { notifications: expect.any(Array) },
      },
      { __typename: 'Address', id: aliceAddressId, line1: '1 Secret Road', city: 'Oslo' },
    ]);
  });

  it('and in a batch, each entity is judged on its own owner', async () => {
    const body = await entities(asUser(bob.id), [
      { __typename: 'User', id: bob.id },
      { __typename: 'User', id: alice.id },
    ]);
    expect(body.data?._entities[0]).toMatchObject({ id: bob.id, email: bob.email });
    expect(leaks(body, alice.email)).toBe(false);
    expect(codesOf(body)).toEqual(['FORBIDDEN']);
  });
});

describe('anonymous callers', () => {
  it('get null from me and may register, but nothing else', async () => {
    expect((await h.data<{ me: unknown }>(`{ me { id } }`)).me).toBeNull();
    const attempts = [
      [USER_BY_ID, { id: alice.id }],
      [`{ users(first: 5) { edges { node { id } } } }`, {}],
      [`mutation { profileUpdate(input: { name: "X" }) { user { id } } }`, {}],
      [`mutation { preferencesUpdate(input: { marketingConsent: { email: true } }) { user { id } } }`, {}],
      [`mutation { addressDelete(input: { id: "${aliceAddressId}" }) { deletedAddressId } }`, {}],
      [`mutation { accountDelete(input: { password: "x", confirm: true }) { deletedUserId } }`, {}],
      [`mutation { exportMyData { data } }`, {}],
      [`mutation { userDisable(input: { userId: "${alice.id}", reason: "x" }) { user { id } } }`, {}],
    ] as const;
    for (const [query, variables] of attempts) {
      const body = await h.request(query, variables, ANONYMOUS);
      expect(codesOf(body)).toEqual(['UNAUTHENTICATED']);
    }
    const body = await entities(ANONYMOUS, [{ __typename: 'User', id: alice.id }]);
    expect(codesOf(body)).toEqual(['UNAUTHENTICATED']);
    expect(leaks(body, alice.email)).toBe(false);
  });
});

describe('staff', () => {
  it('with users:read read anyone, directly and through _entities', async () => {
    const reader = asUser(staffId, ['users:read']);
    const direct = await h.data<{ user: { email: string } }>(USER_BY_ID, { id: alice.id }, reader);
    expect(direct.user.email).toBe(alice.email);
    const body = await entities(reader, [
      { __typename: 'User', id: alice.id },
      { __typename: 'Address', id: aliceAddressId },
    ]);
    expect(body.errors).toBeUndefined();
    expect(body.data?._entities.map((e) => e?.id)).toEqual([alice.id, aliceAddressId]);
  });

  it('without a users permission are treated like any customer', async () => {
    const catalogStaff = asUser(staffId, ['catalog:write']);
    expect(codesOf(await h.request(USER_BY_ID, { id: alice.id }, catalogStaff))).toEqual(['FORBIDDEN']);
    expect(codesOf(await h.request(`{ users(first: 1) { edges { cursor } } }`, {}, catalogStaff))).toEqual([
      'FORBIDDEN',
    ]);
    expect(codesOf(await entities(catalogStaff, [{ __typename: 'User', id: alice.id }]))).toEqual(['FORBIDDEN']);
    const disable = await h.request(
      `mutation ($input: UserDisableInput!) { userDisable(input: $input) { user { id } } }`,
      {
        input: { userId: alice.id, reason: 'no' },
      },
      asUser(staffId, ['users:read']),
    );
    expect(codesOf(disable)).toEqual(['FORBIDDEN']);
  });

  it('with * hold every permission', async () => {
    const admin = asUser(staffId, ['*']);
    expect((await h.data<{ user: { email: string } }>(USER_BY_ID, { id: bob.id }, admin)).user.email).toBe(bob.email);
  });
});
