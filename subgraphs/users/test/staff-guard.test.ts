import { eq } from 'drizzle-orm';
import { users } from '../src/db/schema';
import { asUser, gid, rawId, USER_ERRORS, type UserErrorBody } from '@shop/testing';
import { GOOD_PASSWORD, registerAccount, startUsersHarness, type UsersHarness } from './fixtures';

/**
 * The users side of issue 8, item 1: userDisable, userEnable, userDelete and accountDelete ask auth
 * (`auth.staffGuard`) before changing an account, refuse with auth's code, refuse when auth does not answer, and
 * record who did what to whom (before and after) in their events. The rules themselves are auth's (tested there and
 * through the gateway); here auth is a stand-in that answers as told.
 */
let h: UsersHarness;
let staffId: string;
let staffUuid: string;
beforeAll(async () => {
  h = await startUsersHarness('staffguard');
  ({ id: staffId, uuid: staffUuid } = await registerAccount(h, { name: 'Manager' }));
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(() => h.auth.reset());

const manager = () => asUser(staffId, ['users:manage']);
type Payload = {
  user?: { id: string; status: string } | null;
  deletedUserId?: string | null;
  userErrors: UserErrorBody[];
};
const DISABLE = `mutation ($input: UserDisableInput!) { userDisable(input: $input) { user { id status } ${USER_ERRORS} } }`;
const ENABLE = `mutation ($input: UserEnableInput!) { userEnable(input: $input) { user { id status } ${USER_ERRORS} } }`;
const USER_DELETE = `mutation ($input: UserDeleteInput!) { userDelete(input: $input) { deletedUserId ${USER_ERRORS} } }`;
const ACCOUNT_DELETE = `mutation ($input: AccountDeleteInput!) { accountDelete(input: $input) { deletedUserId ${USER_ERRORS} } }`;

const disable = (userId: string) =>
  h
    .data<{ userDisable: Payload }>(DISABLE, { input: { userId, reason: 'Guard test' } }, manager())
    .then((d) => d.userDisable);
const enable = (userId: string) =>
  h.data<{ userEnable: Payload }>(ENABLE, { input: { userId } }, manager()).then((d) => d.userEnable);
const userDelete = (userId: string) =>
  h.data<{ userDelete: Payload }>(USER_DELETE, { input: { userId } }, manager()).then((d) => d.userDelete);
const statusOf = async (userId: string) =>
  (
    await h.database.db
      .select()
      .from(users)
      .where(eq(users.id, rawId(userId)))
  )[0]!.status;
const eventsAbout = async (userId: string) =>
  (await h.outboxEvents()).filter((e) => e.subject === rawId(userId) && e.type !== 'user.registered');

describe('auth decides who may act on an account', () => {
  it.each(['INSUFFICIENT_PERMISSION', 'LAST_SUPER_ADMIN'] as const)(
    'a %s refusal changes nothing and emits nothing',
    async (code) => {
      const target = await registerAccount(h);
      h.auth.staffGuard = { kind: 'refuse', code };
      for (const result of [await disable(target.id), await userDelete(target.id)]) {
        expect(result.userErrors).toEqual([{ code, field: ['input', 'userId'], message: `Refused: ${code}.` }]);
      }
      expect(await statusOf(target.id)).toBe('ACTIVE');
      expect(await eventsAbout(target.id)).toEqual([]);
      expect(h.auth.callsOf('auth.staffGuard')).toEqual([
        expect.objectContaining({ actorId: staffUuid, targetId: target.uuid, action: 'DISABLE' }),
        expect.objectContaining({ actorId: staffUuid, targetId: target.uuid, action: 'DELETE' }),
      ]);
    },
  );

  it('asks even when nothing would change: a refused caller is never told that disabling or enabling worked', async () => {
    const target = await registerAccount(h);
    h.auth.staffGuard = { kind: 'refuse', code: 'INSUFFICIENT_PERMISSION' };
    expect((await enable(target.id)).userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_PERMISSION']);
    h.auth.staffGuard = { kind: 'allow' };
    await disable(target.id);
    h.auth.staffGuard = { kind: 'refuse', code: 'INSUFFICIENT_PERMISSION' };
    expect((await disable(target.id)).userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_PERMISSION']);
    expect(await statusOf(target.id)).toBe('DISABLED');
  });

  it('fails closed: when auth does not answer, nothing is disabled, enabled or deleted (SERVICE_UNAVAILABLE)', async () => {
    const target = await registerAccount(h);
    h.auth.staffGuard = { kind: 'fail' };
    expect((await disable(target.id)).userErrors.map((e) => e.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect((await userDelete(target.id)).userErrors.map((e) => e.code)).toEqual(['SERVICE_UNAVAILABLE']);
    const self = await h.data<{ accountDelete: Payload }>(
      ACCOUNT_DELETE,
      { input: { password: GOOD_PASSWORD, confirm: true } },
      asUser(target.id),
    );
    expect(self.accountDelete.userErrors.map((e) => e.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(await statusOf(target.id)).toBe('ACTIVE');

    h.auth.staffGuard = { kind: 'allow' };
    await disable(target.id);
    h.auth.staffGuard = { kind: 'fail' };
    expect((await enable(target.id)).userErrors.map((e) => e.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(await statusOf(target.id)).toBe('DISABLED');
  });

  it('records disable and enable with actor, target, before and after, beside user.updated', async () => {
    const target = await registerAccount(h);
    expect((await disable(target.id)).user).toEqual({ id: target.id, status: 'DISABLED' });
    expect((await enable(target.id)).user).toEqual({ id: target.id, status: 'ACTIVE' });
    const events = await eventsAbout(target.id);
    expect(events.map((e) => [e.type, e.data, e.actor])).toEqual([
      [
        'user.updated',
        expect.objectContaining({ status: 'DISABLED', changed: ['status'] }),
        { kind: 'staff', id: staffUuid },
      ],
      [
        'user.disabled',
        { userId: target.uuid, actorId: staffUuid, before: 'ACTIVE', after: 'DISABLED', reason: 'Guard test' },
        { kind: 'staff', id: staffUuid },
      ],
      [
        'user.updated',
        expect.objectContaining({ status: 'ACTIVE', changed: ['status'] }),
        { kind: 'staff', id: staffUuid },
      ],
      [
        'user.enabled',
        { userId: target.uuid, actorId: staffUuid, before: 'DISABLED', after: 'ACTIVE' },
        { kind: 'staff', id: staffUuid },
      ],
    ]);
  });
});

describe('userDelete', () => {
  it('erases another account as accountDelete does, with the staff member as the actor', async () => {
    const target = await registerAccount(h, { name: 'To Be Deleted' });
    expect(await userDelete(target.id)).toEqual({ deletedUserId: target.id, userErrors: [] });
    const [row] = await h.database.db.select().from(users).where(eq(users.id, target.uuid));
    expect(row).toMatchObject({
      status: 'DELETED',
      name: 'Deleted user',
      email: `deleted-${target.uuid}@deleted.invalid`,
    });
    expect((await eventsAbout(target.id)).map((e) => [e.type, e.data, e.actor])).toEqual([
      ['user.deleted', { userId: target.uuid }, { kind: 'staff', id: staffUuid }],
    ]);
    expect((await userDelete(target.id)).userErrors.map((e) => e.code)).toEqual(['INVALID_STATUS']);
  });

  it('refuses oneself (accountDelete re-checks the password), unknown ids, and callers without users:manage', async () => {
    expect((await userDelete(staffId)).userErrors.map((e) => e.code)).toEqual(['CANNOT_DELETE_SELF']);
    expect(
      (await userDelete(gid('User', '7d0b3a4c-0000-4000-8000-000000000000'))).userErrors.map((e) => e.code),
    ).toEqual(['NOT_FOUND']);
    expect(h.auth.callsOf('auth.staffGuard')).toEqual([]);
    const target = await registerAccount(h);
    const reader = await h.request(USER_DELETE, { input: { userId: target.id } }, asUser(staffId, ['users:read']));
    expect(reader.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await statusOf(target.id)).toBe('ACTIVE');
  });
});

describe('accountDelete', () => {
  it('asks auth too: the last active holder of "*" cannot delete their own account', async () => {
    const root = await registerAccount(h);
    h.auth.staffGuard = { kind: 'refuse', code: 'LAST_SUPER_ADMIN' };
    const result = await h.data<{ accountDelete: Payload }>(
      ACCOUNT_DELETE,
      { input: { password: GOOD_PASSWORD, confirm: true } },
      asUser(root.id),
    );
    expect(result.accountDelete.userErrors.map((e) => e.code)).toEqual(['LAST_SUPER_ADMIN']);
    expect(h.auth.callsOf('auth.staffGuard')).toEqual([
      expect.objectContaining({ actorId: root.uuid, targetId: root.uuid, action: 'DELETE' }),
    ]);
    expect(await statusOf(root.id)).toBe('ACTIVE');
  });
});
