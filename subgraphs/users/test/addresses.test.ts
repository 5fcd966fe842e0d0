import type { PostalAddress } from '@shop/core';
import { harnessPerFile, asUser, USER_ERRORS, type UserErrorBody, gid } from '@shop/testing';
import { registerAccount, startUsersHarness } from './fixtures';

const h = harnessPerFile(() => startUsersHarness('addresses'));

interface AddressBody extends PostalAddress {
  id: string;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
}
const ADDRESS =
  'id firstName lastName company line1 line2 city region postalCode country phone isDefaultShipping isDefaultBilling';
const OWNER = `user { addresses { id } defaultShippingAddress { id } defaultBillingAddress { id } }`;
type Owner = {
  addresses: { id: string }[];
  defaultShippingAddress: { id: string } | null;
  defaultBillingAddress: { id: string } | null;
};

const CREATE = `mutation ($input: AddressCreateInput!) { addressCreate(input: $input) { address { ${ADDRESS} } ${OWNER} ${USER_ERRORS} } }`;
const UPDATE = `mutation ($input: AddressUpdateInput!) { addressUpdate(input: $input) { address { ${ADDRESS} } ${OWNER} ${USER_ERRORS} } }`;
const DELETE = `mutation ($input: AddressDeleteInput!) { addressDelete(input: $input) { deletedAddressId ${OWNER} ${USER_ERRORS} } }`;
type Change = { address: AddressBody | null; user: Owner | null; userErrors: UserErrorBody[] };

const create = (userId: string, input: Record<string, unknown>) =>
  h.data<{ addressCreate: Change }>(CREATE, { input }, asUser(userId)).then((d) => d.addressCreate);
const update = (userId: string, input: Record<string, unknown>) =>
  h.data<{ addressUpdate: Change }>(UPDATE, { input }, asUser(userId)).then((d) => d.addressUpdate);
const remove = (userId: string, id: string) =>
  h
    .data<{ addressDelete: { deletedAddressId: string | null; user: Owner | null; userErrors: UserErrorBody[] } }>(
      DELETE,
      { input: { id } },
      asUser(userId),
    )
    .then((d) => d.addressDelete);

const home = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'gb',
};

describe('addressCreate', () => {
  it('saves a validated address in normal form, optionally as the default shipping and billing address', async () => {
    const account = await registerAccount(h);
    const { address, user, userErrors } = await create(account.id, {
      ...home,
      company: '  ',
      line2: 'Flat 3',
      region: 'Greater London',
      phone: '+44 20 7946 0000',
      setAsDefaultShipping: true,
      setAsDefaultBilling: true,
    });
    expect(userErrors).toEqual([]);
    expect(address).toMatchObject({
      ...home,
      country: 'GB',
      company: null,
      line2: 'Flat 3',
      region: 'Greater London',
      phone: '+442079460000',
      isDefaultShipping: true,
      isDefaultBilling: true,
    });
    expect(user).toEqual({
      addresses: [{ id: address!.id }],
      defaultShippingAddress: { id: address!.id },
      defaultBillingAddress: { id: address!.id },
    });
  });

  it('moves a default to the new address when asked, leaving the other default where it was', async () => {
    const account = await registerAccount(h);
    const first = (await create(account.id, { ...home, setAsDefaultShipping: true, setAsDefaultBilling: true }))
      .address!;
    const second = await create(account.id, { ...home, line1: '1 Work Street', setAsDefaultShipping: true });
    expect(second.user).toEqual({
      addresses: [{ id: first.id }, { id: second.address!.id }],
      defaultShippingAddress: { id: second.address!.id },
      defaultBillingAddress: { id: first.id },
    });
  });

  it('reports missing and invalid fields with their paths', async () => {
    const account = await registerAccount(h);
    const { address, userErrors } = await create(account.id, {
      firstName: ' ',
      lastName: 'L'.repeat(101),
      line1: '',
      line2: 'x'.repeat(201),
      city: 'Paris',
      postalCode: '',
      country: 'XX',
      phone: 'call me',
    });
    expect(address).toBeNull();
    expect(userErrors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID', ['input', 'firstName']],
      ['INVALID', ['input', 'lastName']],
      ['INVALID', ['input', 'line1']],
      ['INVALID', ['input', 'line2']],
      ['INVALID', ['input', 'postalCode']],
      ['INVALID_COUNTRY', ['input', 'country']],
      ['INVALID_PHONE', ['input', 'phone']],
    ]);
    const me = await h.data<{ me: Owner }>(
      `{ me { addresses { id } defaultShippingAddress { id } defaultBillingAddress { id } } }`,
      {},
      asUser(account.id),
    );
    expect(me.me.addresses).toEqual([]);
  });

  it('refuses a 21st address', async () => {
    const account = await registerAccount(h);
    for (let i = 0; i < 20; i++) {
      expect((await create(account.id, { ...home, line1: `${i + 1} Long Row` })).userErrors).toEqual([]);
    }
    const { address, userErrors } = await create(account.id, { ...home, line1: '21 Long Row' });
    expect(address).toBeNull();
    expect(userErrors.map((e) => [e.code, e.field])).toEqual([['LIMIT_EXCEEDED', null]]);
    const me = await h.data<{ me: Owner }>(`{ me { addresses { id } } }`, {}, asUser(account.id));
    expect(me.me.addresses).toHaveLength(20);
  });
});

describe('addressUpdate', () => {
  it('changes the given fields, clears optional ones with null, and moves or unsets defaults', async () => {
    const account = await registerAccount(h);
    const first = (await create(account.id, { ...home, company: 'Analytical Engines Ltd', setAsDefaultShipping: true }))
      .address!;
    const second = (await create(account.id, { ...home, line1: '2 Other Road', setAsDefaultBilling: true })).address!;

    const changed = await update(account.id, {
      id: first.id,
      city: 'Cambridge',
      postalCode: 'CB2 1TN',
      company: null,
      firstName: null,
    });
    expect(changed.userErrors).toEqual([]);
    expect(changed.address).toMatchObject({
      city: 'Cambridge',
      postalCode: 'CB2 1TN',
      company: null,
      firstName: 'Ada',
      isDefaultShipping: true,
    });

    const moved = await update(account.id, { id: second.id, setAsDefaultShipping: true, setAsDefaultBilling: false });
    expect(moved.address).toMatchObject({ isDefaultShipping: true, isDefaultBilling: false });
    expect(moved.user).toMatchObject({ defaultShippingAddress: { id: second.id }, defaultBillingAddress: null });
  });

  it('validates like create', async () => {
    const account = await registerAccount(h);
    const address = (await create(account.id, home)).address!;
    const { userErrors } = await update(account.id, { id: address.id, country: 'GBR', postalCode: '   ' });
    expect(userErrors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID', ['input', 'postalCode']],
      ['INVALID_COUNTRY', ['input', 'country']],
    ]);
  });

  it("answers NOT_FOUND for another user's address and an unknown id, BAD_USER_INPUT for a malformed one", async () => {
    const owner = await registerAccount(h);
    const intruder = await registerAccount(h);
    const address = (await create(owner.id, home)).address!;
    for (const id of [address.id, gid('Address', '0190a000-0000-7000-8000-000000000000')]) {
      const { address: changed, userErrors } = await update(intruder.id, { id, city: 'Hijacked' });
      expect(changed).toBeNull();
      expect(userErrors.map((e) => [e.code, e.field])).toEqual([['NOT_FOUND', ['input', 'id']]]);
    }
    for (const id of ['not-a-uuid', '0190a000-0000-7000-8000-000000000000', owner.id]) {
      const body = await h.request(UPDATE, { input: { id, city: 'Hijacked' } }, asUser(intruder.id));
      expect(body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
        ['BAD_USER_INPUT', ['input', 'id']],
      ]);
    }
    // Staff may read addresses but never edit them.
    const staff = await registerAccount(h);
    const { userErrors } = await h
      .data<{ addressUpdate: Change }>(
        UPDATE,
        { input: { id: address.id, city: 'Hijacked' } },
        asUser(staff.id, ['users:read', 'users:manage']),
      )
      .then((d) => d.addressUpdate);
    expect(userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    const me = await h.data<{ me: { addresses: AddressBody[] } }>(
      `{ me { addresses { ${ADDRESS} } } }`,
      {},
      asUser(owner.id),
    );
    expect(me.me.addresses[0]?.city).toBe('London');
  });
});

describe('addressDelete', () => {
  it('deletes the address; deleting a default leaves that default unset', async () => {
    const account = await registerAccount(h);
    const first = (await create(account.id, { ...home, setAsDefaultShipping: true, setAsDefaultBilling: true }))
      .address!;
    const second = (await create(account.id, { ...home, line1: '9 Spare Lane' })).address!;
    const { deletedAddressId, user, userErrors } = await remove(account.id, first.id);
    expect(userErrors).toEqual([]);
    expect(deletedAddressId).toBe(first.id);
    expect(user).toEqual({ addresses: [{ id: second.id }], defaultShippingAddress: null, defaultBillingAddress: null });
  });

  it("answers NOT_FOUND for another user's address and leaves it alone", async () => {
    const owner = await registerAccount(h);
    const intruder = await registerAccount(h);
    const address = (await create(owner.id, home)).address!;
    const { deletedAddressId, userErrors } = await remove(intruder.id, address.id);
    expect(deletedAddressId).toBeNull();
    expect(userErrors.map((e) => [e.code, e.field])).toEqual([['NOT_FOUND', ['input', 'id']]]);
    const me = await h.data<{ me: Owner }>(`{ me { addresses { id } } }`, {}, asUser(owner.id));
    expect(me.me.addresses).toEqual([{ id: address.id }]);
  });
});
