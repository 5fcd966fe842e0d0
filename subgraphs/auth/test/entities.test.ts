import { randomUUID } from 'node:crypto';
import { newId } from '@shop/core';
import { createCredential } from '../src/domain/credentials';
import { grantStaffBySystem } from '../src/domain/staff-permissions';
import { onUserRegistered } from '../src/domain/user-lifecycle';
import { uniqueEmail, gid } from '@shop/testing';
import { GOOD_PASSWORD, signIn, startAuthHarness, USER_SESSIONS, type AuthHarness, type TestUser } from './fixtures';

let h: AuthHarness;
beforeAll(async () => {
  // No relay or consumers: the statement counter then sees this test's requests only.
  h = await startAuthHarness('entities', { background: false });
});
afterAll(async () => {
  await h?.stop();
});

/** Registration through the use cases themselves (no bus in this file). */
async function register(): Promise<TestUser> {
  const deps = await h.deps();
  const user = { userId: newId(), email: uniqueEmail(), password: GOOD_PASSWORD };
  await createCredential(deps, { idempotencyKey: randomUUID(), ...user });
  await deps.db.transaction((tx) =>
    onUserRegistered(deps, tx, { userId: user.userId, email: user.email, name: 'Entity' }),
  );
  return user;
}

describe('_entities for User', () => {
  it('resolves the auth fields of a page of users with one statement per field, in representation order', async () => {
    const users: TestUser[] = [];
    for (let i = 0; i < 20; i++) users.push(await register());
    for (const [i, user] of users.entries()) {
      for (let s = 0; s <= i % 3; s++) await signIn(h, user);
    }
    const admin = await register();
    await grantStaffBySystem(await h.deps(), admin.userId, ['users:manage']);
    const { accessToken } = await signIn(h, admin);
    const ids = [...users.map((u) => gid('User', u.userId)), gid('User', newId())];
    // Ids that do not decode to a User (malformed, or another type's) resolve to null entities.
    const representations = [...ids, 'not-a-uuid', gid('Product', users[0]!.userId)].map((id) => ({
      __typename: 'User',
      id,
    }));

    // Warm-up: the first authenticated request makes the verifier fetch the JWKS (itself a statement).
    await h.verifier.verify(accessToken);
    const { result: data, statements } = await h.statementsDuring(() =>
      h.data<{ _entities: ({ id: string; sessions: unknown[]; mfaEnabled: boolean } | null)[] }>(
        USER_SESSIONS,
        { representations },
        { token: accessToken },
      ),
    );
    expect(statements).toBe(2);
    const found = data._entities.slice(0, ids.length).map((e) => e!);
    expect(found.map((e) => e.id)).toEqual(ids);
    expect(found.map((e) => e.sessions.length)).toEqual([...users.map((_, i) => (i % 3) + 1), 0]);
    expect(found.every((e) => e.mfaEnabled === false)).toBe(true);
    expect(data._entities.slice(ids.length)).toEqual([null, null]);
  });
});
