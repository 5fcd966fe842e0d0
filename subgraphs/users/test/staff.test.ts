import { eq } from 'drizzle-orm';
import { users } from '../src/db/schema';
import { asUser, gid, rawId, USER_ERRORS, type UserErrorBody } from '@shop/testing';
import { registerAccount, startUsersHarness, type UsersHarness } from './fixtures';

let h: UsersHarness;
let staffId: string;
let staffUuid: string;
let reader: ReturnType<typeof asUser>;
let manager: ReturnType<typeof asUser>;
/** Registered for the search tests, oldest first. */
let people: { id: string; email: string; name: string }[];

beforeAll(async () => {
  h = await startUsersHarness('staff');
  ({ id: staffId, uuid: staffUuid } = await registerAccount(h, {
    name: 'Staff Member',
    email: 'staff-member@shop.test',
  }));
  reader = asUser(staffId, ['users:read']);
  manager = asUser(staffId, ['users:manage']);
  people = [];
  const names = [
    'Ada Lovelace',
    'Alan Turing',
    'Grace Hopper',
    'Edsger Dijkstra',
    'Barbara Liskov',
    'Donald Knuth',
    'Ada Yonath',
  ];
  for (const name of names) {
    const email = `${name.toLowerCase().replace(/ /g, '.')}@${name.startsWith('Ada') ? 'ada.test' : 'example.org'}`;
    const account = await registerAccount(h, { name, email });
    people.push({ ...account, name });
  }
});
afterAll(async () => {
  await h?.stop();
});

interface Page {
  edges: { cursor: string; node: { id: string; email: string; name: string; status: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}
const USERS = `query ($filter: UserFilter, $first: Int, $after: String, $last: Int, $before: String) {
  users(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    edges { cursor node { id email name status } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`;
const search = (variables: Record<string, unknown>) =>
  h.data<{ users: Page }>(USERS, variables, reader).then((d) => d.users);
const namesOf = (page: Page) => page.edges.map((e) => e.node.name);

describe('users (staff search)', () => {
  it('lists users newest first, filtered by email and name (case-insensitive, partial)', async () => {
    expect(namesOf(await search({ filter: { email: '@ADA.test' } }))).toEqual(['Ada Yonath', 'Ada Lovelace']);
    expect(namesOf(await search({ filter: { name: 'ada' } }))).toEqual(['Ada Yonath', 'Ada Lovelace']);
    expect(namesOf(await search({ filter: { name: 'hopper', email: 'example.org' } }))).toEqual(['Grace Hopper']);
    // Wildcards typed by staff are literal.
    expect((await search({ filter: { email: '%' } })).edges).toEqual([]);
  });

  it('filters by creation time and status', async () => {
    const [rows] = await Promise.all([
      h.database.db
        .select()
        .from(users)
        .where(eq(users.id, rawId(people[3]!.id))),
    ]);
    const from = rows[0]!.createdAt.toISOString();
    const after = await search({ filter: { createdAfter: from, email: 'example.org' } });
    expect(namesOf(after)).toEqual(['Donald Knuth', 'Barbara Liskov', 'Edsger Dijkstra']);
    const before = await search({ filter: { createdBefore: from, email: 'example.org' } });
    expect(namesOf(before)).toEqual(['Grace Hopper', 'Alan Turing']);

    const target = people[1]!;
    await h.data(
      `mutation ($input: UserDisableInput!) { userDisable(input: $input) { user { id } } }`,
      { input: { userId: target.id, reason: 'Search test' } },
      manager,
    );
    expect(namesOf(await search({ filter: { status: ['DISABLED'] } }))).toEqual(['Alan Turing']);
    expect(namesOf(await search({ filter: { status: ['ACTIVE'], email: 'example.org' } }))).not.toContain(
      'Alan Turing',
    );
    await h.data(
      `mutation ($input: UserEnableInput!) { userEnable(input: $input) { user { id } } }`,
      { input: { userId: target.id } },
      manager,
    );
  });

  it('pages forwards and backwards with cursors, with totalCount across pages', async () => {
    const filter = { email: 'example.org' };
    const first = await search({ filter, first: 2 });
    expect(namesOf(first)).toEqual(['Donald Knuth', 'Barbara Liskov']);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.totalCount).toBe(5);
    const second = await search({ filter, first: 2, after: first.pageInfo.endCursor });
    expect(namesOf(second)).toEqual(['Edsger Dijkstra', 'Grace Hopper']);
    const third = await search({ filter, first: 2, after: second.pageInfo.endCursor });
    expect(namesOf(third)).toEqual(['Alan Turing']);
    expect(third.pageInfo.hasNextPage).toBe(false);

    const back = await search({ filter, last: 2, before: third.pageInfo.startCursor });
    expect(namesOf(back)).toEqual(['Edsger Dijkstra', 'Grace Hopper']);
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('refuses pages over 100 and tampered cursors', async () => {
    const big = await h.request(USERS, { first: 101 }, reader);
    expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tampered = await h.request(
      USERS,
      { first: 1, after: Buffer.from('["yesterday","x"]').toString('base64url') },
      reader,
    );
    expect(tampered.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is for staff with users:read only', async () => {
    const body = await h.request(USERS, { first: 1 }, asUser(people[0]!.id));
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

const DISABLE = `mutation ($input: UserDisableInput!) { userDisable(input: $input) { user { id status } ${USER_ERRORS} } }`;
const ENABLE = `mutation ($input: UserEnableInput!) { userEnable(input: $input) { user { id status } ${USER_ERRORS} } }`;
type StatusResult = { user: { id: string; status: string } | null; userErrors: UserErrorBody[] };
const disable = (input: Record<string, unknown>) =>
  h.data<{ userDisable: StatusResult }>(DISABLE, { input }, manager).then((d) => d.userDisable);
const enable = (input: Record<string, unknown>) =>
  h.data<{ userEnable: StatusResult }>(ENABLE, { input }, manager).then((d) => d.userEnable);

describe('userDisable / userEnable', () => {
  it('disable and re-enable an account, announcing each status change once', async () => {
    const account = await registerAccount(h, { name: 'Suspicious' });
    const disabled = await disable({ userId: account.id, reason: ' Card testing from many IPs ' });
    expect(disabled).toEqual({ user: { id: account.id, status: 'DISABLED' }, userErrors: [] });
    const [row] = await h.database.db.select().from(users).where(eq(users.id, account.uuid));
    expect(row).toMatchObject({ disabledReason: 'Card testing from many IPs', disabledAt: expect.any(Date) });

    // Again: nothing changes, nothing is announced.
    expect((await disable({ userId: account.id, reason: 'Twice' })).user?.status).toBe('DISABLED');
    expect((await enable({ userId: account.id })).user?.status).toBe('ACTIVE');
    expect((await enable({ userId: account.id })).user?.status).toBe('ACTIVE');

    const events = (await h.outboxEvents('user.updated')).filter((e) => e.subject === account.uuid);
    expect(events.map((e) => e.data)).toEqual([
      { userId: account.uuid, email: account.email, status: 'DISABLED', changed: ['status'] },
      { userId: account.uuid, email: account.email, status: 'ACTIVE', changed: ['status'] },
    ]);
    expect(events[0]?.actor).toEqual({ kind: 'staff', id: staffUuid });
    const [after] = await h.database.db.select().from(users).where(eq(users.id, account.uuid));
    expect(after).toMatchObject({ disabledReason: null, disabledAt: null });
  });

  it('refuses disabling oneself', async () => {
    const result = await disable({ userId: staffId, reason: 'Oops' });
    expect(result.user).toBeNull();
    expect(result.userErrors.map((e) => [e.code, e.field])).toEqual([['CANNOT_DISABLE_SELF', ['input', 'userId']]]);
    expect((await h.outboxEvents('user.updated')).filter((e) => e.subject === staffUuid)).toEqual([]);
  });

  it('answers NOT_FOUND for unknown users, BAD_USER_INPUT for a malformed id and INVALID for a missing reason', async () => {
    const malformed = await h.request(DISABLE, { input: { userId: 'nope', reason: 'x' } }, manager);
    expect(malformed.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', ['input', 'userId']],
    ]);
    expect(
      (await enable({ userId: gid('User', '0190a000-0000-7000-8000-000000000000') })).userErrors.map((e) => e.code),
    ).toEqual(['NOT_FOUND']);
    const account = await registerAccount(h);
    expect((await disable({ userId: account.id, reason: '  ' })).userErrors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID', ['input', 'reason']],
    ]);
  });

  it('is for staff with users:manage only', async () => {
    const account = await registerAccount(h);
    for (const caller of [asUser(account.id), reader]) {
      const body = await h.request(DISABLE, { input: { userId: account.id, reason: 'x' } }, caller);
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
