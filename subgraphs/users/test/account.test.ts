import { eq } from 'drizzle-orm';
import { addresses, users } from '../src/db/schema';
import { harnessPerFile, asUser, USER_ERRORS, type UserErrorBody } from '@shop/testing';
import { GOOD_PASSWORD, registerAccount, startUsersHarness } from './fixtures';

const h = harnessPerFile(() => startUsersHarness('account'));
beforeEach(() => h.auth.reset());

const DELETE = `mutation ($input: AccountDeleteInput!) { accountDelete(input: $input) { deletedUserId ${USER_ERRORS} } }`;
type DeleteResult = { accountDelete: { deletedUserId: string | null; userErrors: UserErrorBody[] } };
const deleteAccount = (userId: string, input: Record<string, unknown>) =>
  h.data<DeleteResult>(DELETE, { input }, asUser(userId)).then((d) => d.accountDelete);

const EXPORT = `mutation ($input: ExportMyDataInput) { exportMyData(input: $input) { data exportedAt ${USER_ERRORS} } }`;
type ExportResult = {
  exportMyData: { data: Record<string, unknown> | null; exportedAt: string | null; userErrors: UserErrorBody[] };
};

/** An account with a full profile, changed preferences and two addresses. */
async function fullAccount(): Promise<{ id: string; uuid: string; email: string }> {
  const account = await registerAccount(h, { name: 'Full Profile' });
  await h.data(
    `mutation { profileUpdate(input: { phone: "+15555550100", locale: "en-US", preferredCurrency: "USD" }) { user { id } } }`,
    {},
    asUser(account.id),
  );
  await h.data(
    `mutation { preferencesUpdate(input: { marketingConsent: { push: true } }) { user { id } } }`,
    {},
    asUser(account.id),
  );
  for (const [line1, shipping] of [
    ['1 Infinite Loop', true],
    ['350 Fifth Avenue', false],
  ] as const) {
    await h.data(
      `mutation ($input: AddressCreateInput!) { addressCreate(input: $input) { address { id } } }`,
      {
        input: {
          firstName: 'Full',
          lastName: 'Profile',
          line1,
          city: 'New York',
          region: 'NY',
          postalCode: '10118',
          country: 'US',
          setAsDefaultShipping: shipping,
        },
      },
      asUser(account.id),
    );
  }
  return account;
}

describe('accountDelete', () => {
  it('refuses a wrong password and a missing confirmation, and changes nothing', async () => {
    const account = await registerAccount(h);
    const wrong = await deleteAccount(account.id, { password: 'not-my-password', confirm: true });
    expect(wrong).toEqual({
      deletedUserId: null,
      userErrors: [{ code: 'INVALID_PASSWORD', field: ['input', 'password'], message: expect.any(String) }],
    });
    expect(h.auth.callsOf('auth.verifyPassword')).toEqual([expect.objectContaining({ userId: account.uuid })]);

    const unconfirmed = await deleteAccount(account.id, { password: GOOD_PASSWORD, confirm: false });
    expect(unconfirmed.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['CONFIRMATION_REQUIRED', ['input', 'confirm']],
    ]);

    const [row] = await h.database.db.select().from(users).where(eq(users.id, account.uuid));
    expect(row).toMatchObject({ status: 'ACTIVE', email: account.email });
    expect((await h.outboxEvents('user.deleted')).filter((e) => e.subject === account.uuid)).toEqual([]);
  });

  it('erases the personal data in one go, marks the account DELETED and announces user.deleted', async () => {
    const account = await fullAccount();
    const result = await deleteAccount(account.id, { password: GOOD_PASSWORD, confirm: true });
    expect(result).toEqual({ deletedUserId: account.id, userErrors: [] });

    const [row] = await h.database.db.select().from(users).where(eq(users.id, account.uuid));
    expect(row).toMatchObject({
      email: `deleted-${account.uuid}@deleted.invalid`,
      name: 'Deleted user',
      phone: null,
      locale: null,
      preferredCurrency: null,
      status: 'DELETED',
      deletedAt: expect.any(Date),
    });
    expect(row!.preferences.marketingConsent).toEqual({ email: false, sms: false, push: false, updatedAt: null });
    expect(await h.database.db.select().from(addresses).where(eq(addresses.userId, account.uuid))).toEqual([]);
    expect((await h.outboxEvents('user.deleted')).filter((e) => e.subject === account.uuid).map((e) => e.data)).toEqual(
      [{ userId: account.uuid }],
    );

    // Gone for the owner; still an (anonymised) entity for staff and other subgraphs' references.
    expect((await h.data<{ me: unknown }>(`{ me { id } }`, {}, asUser(account.id))).me).toBeNull();
    const staff = asUser((await registerAccount(h)).id, ['users:read']);
    const entity = await h.data<{ _entities: { name: string; status: string; addresses: unknown[] }[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { name status addresses { id } } } }`,
      { r: [{ __typename: 'User', id: account.id }] },
      staff,
    );
    expect(entity._entities).toEqual([{ name: 'Deleted user', status: 'DELETED', addresses: [] }]);

    // The email address is free for a new account.
    h.auth.credentials.delete(account.uuid);
    expect((await registerAccount(h, { email: account.email })).email).toBe(account.email);
  });

  it('answers SERVICE_UNAVAILABLE and keeps the account when auth cannot check the password', async () => {
    const account = await registerAccount(h);
    h.auth.verifyPasswordWorks = false;
    const result = await deleteAccount(account.id, { password: GOOD_PASSWORD, confirm: true });
    expect(result.userErrors.map((e) => [e.code, e.field])).toEqual([['SERVICE_UNAVAILABLE', null]]);
    const [row] = await h.database.db.select().from(users).where(eq(users.id, account.uuid));
    expect(row?.status).toBe('ACTIVE');
  });
});

describe('exportMyData', () => {
  it("returns the user's profile, preferences and addresses as one JSON document", async () => {
    const account = await fullAccount();
    const { data, exportedAt, userErrors } = (await h.data<ExportResult>(EXPORT, {}, asUser(account.id))).exportMyData;
    expect(userErrors).toEqual([]);
    expect(Date.now() - Date.parse(exportedAt!)).toBeLessThan(60_000);
    expect(data).toEqual({
      exportedAt,
      userId: account.uuid,
      user: {
        id: account.uuid,
        email: account.email,
        name: 'Full Profile',
        phone: '+15555550100',
        locale: 'en-US',
        preferredCurrency: 'USD',
        status: 'ACTIVE',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
      preferences: {
        marketingConsent: { email: false, sms: false, push: true, updatedAt: expect.any(String) },
        notifications: expect.arrayContaining([{ kind: 'SECURITY_ALERTS', email: true, sms: false, push: false }]),
      },
      addresses: [
        expect.objectContaining({ line1: '1 Infinite Loop', country: 'US', isDefaultShipping: true }),
        expect.objectContaining({ line1: '350 Fifth Avenue', isDefaultShipping: false }),
      ],
    });
    expect((data!.preferences as { notifications: unknown[] }).notifications).toHaveLength(6);
  });

  it('exports only the requested sections', async () => {
    const account = await fullAccount();
    const { data } = (await h.data<ExportResult>(EXPORT, { input: { sections: ['ADDRESSES'] } }, asUser(account.id)))
      .exportMyData;
    expect(Object.keys(data!).sort()).toEqual(['addresses', 'exportedAt', 'userId']);
  });

  it('exports the signed-in user only: there is no argument to name anyone else', async () => {
    const account = await fullAccount();
    const other = await registerAccount(h);
    const { data } = (await h.data<ExportResult>(EXPORT, {}, asUser(other.id))).exportMyData;
    expect(JSON.stringify(data)).not.toContain(account.email);
  });
});
