import { harnessPerFile, asUser, uniqueEmail, USER_ERRORS, type UserErrorBody } from '@shop/testing';
import { registerAccount, startUsersHarness } from './fixtures';

const h = harnessPerFile(() => startUsersHarness('profile'));

interface ProfileBody {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  locale: string | null;
  preferredCurrency: string | null;
  updatedAt: string;
}
const PROFILE = 'id email name phone locale preferredCurrency updatedAt';
const UPDATE = `mutation ($input: ProfileUpdateInput!) { profileUpdate(input: $input) { user { ${PROFILE} } ${USER_ERRORS} } }`;
type UpdateResult = { profileUpdate: { user: ProfileBody | null; userErrors: UserErrorBody[] } };
const updateProfile = (userId: string, input: Record<string, unknown>) =>
  h.data<UpdateResult>(UPDATE, { input }, asUser(userId)).then((d) => d.profileUpdate);

interface PreferencesBody {
  marketingConsent: { email: boolean; sms: boolean; push: boolean; updatedAt: string | null };
  notifications: { kind: string; email: boolean; sms: boolean; push: boolean }[];
}
const PREFERENCES =
  'preferences { marketingConsent { email sms push updatedAt } notifications { kind email sms push } }';
const PREFERENCES_UPDATE = `mutation ($input: PreferencesUpdateInput!) { preferencesUpdate(input: $input) { user { ${PREFERENCES} } ${USER_ERRORS} } }`;
type PreferencesResult = {
  preferencesUpdate: { user: { preferences: PreferencesBody } | null; userErrors: UserErrorBody[] };
};
const updatePreferences = (userId: string, input: Record<string, unknown>) =>
  h.data<PreferencesResult>(PREFERENCES_UPDATE, { input }, asUser(userId)).then((d) => d.preferencesUpdate);

describe('me', () => {
  it('is null for anonymous callers and the signed-in user otherwise', async () => {
    const account = await registerAccount(h, { name: 'Me Myself' });
    expect((await h.data<{ me: unknown }>(`{ me { id } }`)).me).toBeNull();
    const me = await h.data<{ me: ProfileBody }>(`{ me { ${PROFILE} } }`, {}, asUser(account.id));
    expect(me.me).toMatchObject({
      id: account.id,
      email: account.email,
      name: 'Me Myself',
      phone: null,
      locale: null,
      preferredCurrency: null,
    });
  });

  it('is null for a signed-in id with no account', async () => {
    expect(
      (await h.data<{ me: unknown }>(`{ me { id } }`, {}, asUser('0190a000-0000-7000-8000-000000000000'))).me,
    ).toBeNull();
  });
});

describe('profileUpdate', () => {
  it('changes only the given fields, stores normal forms, and announces exactly what changed', async () => {
    const account = await registerAccount(h, { name: 'Grace' });
    const { user, userErrors } = await updateProfile(account.id, {
      name: ' Grace Hopper ',
      phone: '+44 7700 900-123',
      locale: 'en-gb',
      preferredCurrency: 'gbp',
    });
    expect(userErrors).toEqual([]);
    expect(user).toMatchObject({
      name: 'Grace Hopper',
      phone: '+447700900123',
      locale: 'en-GB',
      preferredCurrency: 'GBP',
      email: account.email,
    });
    const [event] = (await h.outboxEvents('user.updated')).filter((e) => e.subject === account.uuid);
    expect(event?.data).toEqual({
      userId: account.uuid,
      email: account.email,
      status: 'ACTIVE',
      changed: ['name', 'phone', 'locale', 'preferredCurrency'],
    });
    expect(event?.actor).toEqual({ kind: 'user', id: account.uuid });

    // null clears an optional field; omitted fields stay; an unchanged value is not a change.
    const cleared = await updateProfile(account.id, { phone: null, name: 'Grace Hopper' });
    expect(cleared.user).toMatchObject({ phone: null, locale: 'en-GB', name: 'Grace Hopper' });
    const events = (await h.outboxEvents('user.updated')).filter((e) => e.subject === account.uuid);
    expect(events.map((e) => e.data.changed)).toEqual([['name', 'phone', 'locale', 'preferredCurrency'], ['phone']]);
  });

  it('emits nothing when nothing changes', async () => {
    const account = await registerAccount(h, { name: 'Still' });
    const { user, userErrors } = await updateProfile(account.id, { name: 'Still' });
    expect(userErrors).toEqual([]);
    expect(user?.name).toBe('Still');
    expect((await h.outboxEvents('user.updated')).filter((e) => e.subject === account.uuid)).toEqual([]);
  });

  it('reports every invalid field with its code and path, and changes nothing', async () => {
    const account = await registerAccount(h, { name: 'Careful' });
    const { user, userErrors } = await updateProfile(account.id, {
      name: '',
      phone: '07700 900123',
      locale: 'english please',
      preferredCurrency: 'XYZ',
      email: 'nope@',
    });
    expect(user).toBeNull();
    expect(userErrors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID', ['input', 'name']],
      ['INVALID_PHONE', ['input', 'phone']],
      ['INVALID_LOCALE', ['input', 'locale']],
      ['INVALID_CURRENCY', ['input', 'preferredCurrency']],
      ['INVALID_EMAIL', ['input', 'email']],
    ]);
    expect(userErrors.every((e) => e.message.length > 0)).toBe(true);
    const me = await h.data<{ me: ProfileBody }>(`{ me { ${PROFILE} } }`, {}, asUser(account.id));
    expect(me.me.name).toBe('Careful');
    expect((await h.outboxEvents('user.updated')).filter((e) => e.subject === account.uuid)).toEqual([]);
  });

  it('changes the email when it is free, and refuses one another account uses', async () => {
    const other = await registerAccount(h);
    const account = await registerAccount(h);
    const taken = await updateProfile(account.id, { email: ` ${other.email.toUpperCase()} ` });
    expect(taken.userErrors).toEqual([{ code: 'EMAIL_TAKEN', field: ['input', 'email'], message: expect.any(String) }]);

    const fresh = uniqueEmail('renamed');
    const changed = await updateProfile(account.id, { email: fresh.toUpperCase() });
    expect(changed.userErrors).toEqual([]);
    expect(changed.user?.email).toBe(fresh);
    const events = (await h.outboxEvents('user.updated')).filter((e) => e.subject === account.uuid);
    expect(events.map((e) => e.data)).toEqual([
      { userId: account.uuid, email: fresh, status: 'ACTIVE', changed: ['email'] },
    ]);

    // The old address is free again (once auth, consuming user.updated, has moved the credential to the new one).
    h.auth.credentials.set(account.uuid, { ...h.auth.credentials.get(account.uuid)!, email: fresh });
    const reused = await registerAccount(h, { email: account.email });
    expect(reused.email).toBe(account.email);
  });

  it('refuses anonymous callers and disabled accounts', async () => {
    const anonymous = await h.request(UPDATE, { input: { name: 'Nobody' } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const account = await registerAccount(h);
    const staff = await registerAccount(h);
    await h.data(
      `mutation ($input: UserDisableInput!) { userDisable(input: $input) { user { id } } }`,
      { input: { userId: account.id, reason: 'Chargeback fraud' } },
      asUser(staff.id, ['users:manage']),
    );
    const disabled = await h.request<UpdateResult>(UPDATE, { input: { name: 'Sneaky' } }, asUser(account.id));
    expect(disabled.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('preferences', () => {
  it('start with no marketing and the transactional defaults, one entry per kind', async () => {
    const account = await registerAccount(h);
    const me = await h.data<{ me: { preferences: PreferencesBody } }>(
      `{ me { ${PREFERENCES} } }`,
      {},
      asUser(account.id),
    );
    expect(me.me.preferences.marketingConsent).toEqual({ email: false, sms: false, push: false, updatedAt: null });
    expect(me.me.preferences.notifications.map((n) => n.kind)).toEqual([
      'ORDER_UPDATES',
      'SHIPPING_UPDATES',
      'PRICE_DROPS',
      'BACK_IN_STOCK',
      'REVIEW_REPLIES',
      'SECURITY_ALERTS',
    ]);
    expect(me.me.preferences.notifications.find((n) => n.kind === 'SECURITY_ALERTS')).toEqual({
      kind: 'SECURITY_ALERTS',
      email: true,
      sms: false,
      push: false,
    });
  });

  it('update only the given channels, record when consent changed, and announce the change', async () => {
    const account = await registerAccount(h);
    const { user, userErrors } = await updatePreferences(account.id, {
      marketingConsent: { email: true },
      notifications: [
        { kind: 'PRICE_DROPS', push: true },
        { kind: 'SECURITY_ALERTS', sms: true },
      ],
    });
    expect(userErrors).toEqual([]);
    const preferences = user!.preferences;
    expect(preferences.marketingConsent).toMatchObject({ email: true, sms: false, push: false });
    expect(Date.now() - Date.parse(preferences.marketingConsent.updatedAt!)).toBeLessThan(60_000);
    expect(preferences.notifications.find((n) => n.kind === 'PRICE_DROPS')).toEqual({
      kind: 'PRICE_DROPS',
      email: false,
      sms: false,
      push: true,
    });
    expect(preferences.notifications.find((n) => n.kind === 'SECURITY_ALERTS')).toEqual({
      kind: 'SECURITY_ALERTS',
      email: true,
      sms: true,
      push: false,
    });
    expect(preferences.notifications.find((n) => n.kind === 'ORDER_UPDATES')).toEqual({
      kind: 'ORDER_UPDATES',
      email: true,
      sms: false,
      push: true,
    });
    const events = (await h.outboxEvents('user.updated')).filter((e) => e.subject === account.uuid);
    expect(events.map((e) => e.data.changed)).toEqual([['preferences']]);

    // The same values again change nothing (and keep the consent timestamp).
    const again = await updatePreferences(account.id, {
      marketingConsent: { email: true },
      notifications: [{ kind: 'PRICE_DROPS', push: true }],
    });
    expect(again.user?.preferences.marketingConsent.updatedAt).toBe(preferences.marketingConsent.updatedAt);
    expect((await h.outboxEvents('user.updated')).filter((e) => e.subject === account.uuid)).toHaveLength(1);
  });

  it('refuses turning off security alerts by email, and a kind listed twice, pointing at the entries', async () => {
    const account = await registerAccount(h);
    const { user, userErrors } = await updatePreferences(account.id, {
      marketingConsent: { sms: true },
      notifications: [
        { kind: 'ORDER_UPDATES', email: false },
        { kind: 'SECURITY_ALERTS', email: false, push: true },
        { kind: 'ORDER_UPDATES', sms: true },
      ],
    });
    expect(user).toBeNull();
    expect(userErrors.map((e) => [e.code, e.field])).toEqual([
      ['NOTIFICATION_REQUIRED', ['input', 'notifications', '1', 'email']],
      ['INVALID', ['input', 'notifications', '2', 'kind']],
    ]);
    const me = await h.data<{ me: { preferences: PreferencesBody } }>(
      `{ me { ${PREFERENCES} } }`,
      {},
      asUser(account.id),
    );
    expect(me.me.preferences.marketingConsent.sms).toBe(false);
  });
});
