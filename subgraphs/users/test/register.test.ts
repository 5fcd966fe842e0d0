import { eq } from 'drizzle-orm';
import { newId } from '@shop/core';
import { users } from '../src/db/schema';
import { defaultPreferences } from '../src/domain/preferences';
import { registerUser } from '../src/domain/register-user';
import { sweepRegistrations } from '../src/domain/sweep-registrations';
import { harnessPerFile, ANONYMOUS, asUser, uniqueEmail, rawId } from '@shop/testing';
import { GOOD_PASSWORD, REGISTER, startUsersHarness, type RegisterResult } from './fixtures';

const h = harnessPerFile(() => startUsersHarness('register'));
beforeEach(() => h.auth.reset());

const register = (input: Record<string, unknown>) =>
  h.data<RegisterResult>(REGISTER, { input }).then((d) => d.register);
const rowsWithEmail = (email: string) => h.database.db.select().from(users).where(eq(users.email, email));

/** A registration as a crashed process would leave it: pending, started `ageMs` ago. */
async function insertPendingRegistration(
  email: string,
  ageMs: number,
  status: 'PENDING' | 'ABANDONED' = 'PENDING',
): Promise<string> {
  const id = newId();
  await h.database.db.insert(users).values({
    id,
    email,
    name: 'Crashed Midway',
    status,
    preferences: defaultPreferences(),
    createdAt: new Date(Date.now() - ageMs),
  });
  return id;
}

describe('register', () => {
  it('creates the profile and the credential, announces user.registered, and shows the new user to the registrant', async () => {
    const email = uniqueEmail('ada');
    const { user, userErrors } = await register({
      email: `  ${email.toUpperCase()} `,
      password: GOOD_PASSWORD,
      name: ' Ada Lovelace ',
    });
    expect(userErrors).toEqual([]);
    expect(user).toMatchObject({ email, name: 'Ada Lovelace', status: 'ACTIVE' });

    const [credentialRequest] = h.auth.callsOf('auth.createCredential');
    expect(credentialRequest).toMatchObject({
      idempotencyKey: rawId(user!.id),
      userId: rawId(user!.id),
      email,
      password: GOOD_PASSWORD,
    });
    expect(h.auth.credentials.get(rawId(user!.id))).toEqual({ email, password: GOOD_PASSWORD });

    const events = (await h.outboxEvents('user.registered')).filter((e) => e.subject === rawId(user!.id));
    expect(events).toEqual([
      expect.objectContaining({ data: { userId: rawId(user!.id), email, name: 'Ada Lovelace' } }),
    ]);

    // The registrant saw the account in the response; afterwards only a signed-in owner does.
    const anonymous = await h.request<{ user: unknown }>(
      `query ($id: ID!) { user(id: $id) { id } }`,
      { id: user!.id },
      ANONYMOUS,
    );
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const me = await h.data<{ me: { id: string; email: string } }>(`{ me { id email } }`, {}, asUser(user!.id));
    expect(me.me).toEqual({ id: user!.id, email });
  });

  it('answers WEAK_PASSWORD on input.password when auth refuses the password, and leaves no user behind', async () => {
    const email = uniqueEmail('weak');
    const { user, userErrors } = await register({ email, password: 'short', name: 'Weak' });
    expect(user).toBeNull();
    expect(userErrors).toEqual([
      { code: 'WEAK_PASSWORD', field: ['input', 'password'], message: 'Use at least 12 characters.' },
    ]);
    expect(await rowsWithEmail(email)).toEqual([]);
    expect(h.auth.callsOf('auth.deleteCredential')).toEqual([]);
  });

  it('validates the input before asking auth anything', async () => {
    const { userErrors } = await register({ email: 'not-an-email', password: '', name: '  ' });
    expect(userErrors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_EMAIL', ['input', 'email']],
      ['WEAK_PASSWORD', ['input', 'password']],
      ['INVALID', ['input', 'name']],
    ]);
    expect(h.auth.calls).toEqual([]);
  });

  it('answers EMAIL_TAKEN for an address in use, whatever its case and spacing, without calling auth', async () => {
    const email = uniqueEmail('taken');
    await register({ email, password: GOOD_PASSWORD, name: 'First' });
    h.auth.reset();
    const { user, userErrors } = await register({
      email: ` ${email.toUpperCase()}`,
      password: GOOD_PASSWORD,
      name: 'Second',
    });
    expect(user).toBeNull();
    expect(userErrors).toEqual([{ code: 'EMAIL_TAKEN', field: ['input', 'email'], message: expect.any(String) }]);
    expect(h.auth.calls).toEqual([]);
    expect(await rowsWithEmail(email)).toHaveLength(1);
  });

  it('lets exactly one of two concurrent registrations with the same email succeed', async () => {
    const email = uniqueEmail('race');
    // Slow enough that the second arrives while the first is still waiting for auth.
    h.auth.createCredential = { kind: 'slow', delayMs: 300 };
    const results = await Promise.all([
      register({ email, password: GOOD_PASSWORD, name: 'Racer One' }),
      register({ email: email.toUpperCase(), password: GOOD_PASSWORD, name: 'Racer Two' }),
    ]);
    const winners = results.filter((r) => r.user !== null);
    const losers = results.filter((r) => r.user === null);
    expect(winners).toHaveLength(1);
    expect(losers.map((r) => r.userErrors.map((e) => e.code))).toEqual([['EMAIL_TAKEN']]);
    const rows = await rowsWithEmail(email);
    expect(rows.map((r) => [r.id, r.status])).toEqual([[rawId(winners[0]!.user!.id), 'ACTIVE']]);
  });

  it('leaves nothing behind when auth refuses the credential (EMAIL_TAKEN on its side)', async () => {
    const email = uniqueEmail('refused');
    h.auth.createCredential = { kind: 'refuse', code: 'EMAIL_TAKEN' };
    const before = await h.outboxEvents();
    const { user, userErrors } = await register({ email, password: GOOD_PASSWORD, name: 'Refused' });
    expect(user).toBeNull();
    expect(userErrors.map((e) => [e.code, e.field])).toEqual([['EMAIL_TAKEN', ['input', 'email']]]);
    expect(await rowsWithEmail(email)).toEqual([]);
    expect(await h.outboxEvents()).toEqual(before);
  });

  it('leaves nothing behind when auth does not answer in time, and deletes the credential auth created late', async () => {
    const email = uniqueEmail('timeout');
    h.auth.createCredential = { kind: 'slow', delayMs: 1000 };
    const before = await h.outboxEvents();
    const result = await registerUser(h.deps({ commandTimeoutMs: 200 }), {
      email,
      password: GOOD_PASSWORD,
      name: 'Too Slow',
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ code: 'SERVICE_UNAVAILABLE', field: null, message: expect.any(String) }],
    });
    expect(await rowsWithEmail(email)).toEqual([]);
    expect(await h.outboxEvents()).toEqual(before);

    const [createRequest] = h.auth.callsOf('auth.createCredential');
    expect(h.auth.callsOf('auth.deleteCredential')).toEqual([
      expect.objectContaining({ userId: createRequest!.userId }),
    ]);
    // Once auth's slow handler finally ran, the deletion it already received keeps the credential from existing.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(h.auth.credentials.has(createRequest!.userId)).toBe(false);
  });

  it('answers SERVICE_UNAVAILABLE through the API too when auth times out', async () => {
    // The API's timeout is the production one (5 s): auth answering after 6 s is a timeout.
    const email = uniqueEmail('apitimeout');
    h.auth.createCredential = { kind: 'slow', delayMs: 6000 };
    const { user, userErrors } = await register({ email, password: GOOD_PASSWORD, name: 'Patient' });
    expect(user).toBeNull();
    expect(userErrors.map((e) => e.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(await rowsWithEmail(email)).toEqual([]);
  });

  it('keeps an abandoned registration (invisible) while auth cannot delete the credential, for the sweeper to finish', async () => {
    const email = uniqueEmail('owed');
    h.auth.createCredential = { kind: 'slow', delayMs: 500 };
    h.auth.deleteCredentialWorks = false;
    const result = await registerUser(h.deps({ commandTimeoutMs: 100 }), {
      email,
      password: GOOD_PASSWORD,
      name: 'Owed',
    });
    expect(result.ok).toBe(false);
    const [row] = await rowsWithEmail(email);
    expect(row?.status).toBe('ABANDONED');
    // Invisible: not the signed-in user, not an entity.
    expect((await h.data<{ me: unknown }>(`{ me { id } }`, {}, asUser(row!.id))).me).toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 600));
    h.auth.deleteCredentialWorks = true;
    const swept = await sweepRegistrations(h.deps());
    expect(swept.compensated).toBeGreaterThanOrEqual(1);
    expect(await rowsWithEmail(email)).toEqual([]);
    expect(h.auth.credentials.has(row!.id)).toBe(false);
  });
});

describe('the registration sweeper', () => {
  it('compensates a pending registration older than a few minutes (crash recovery) and leaves fresh ones alone', async () => {
    const staleEmail = uniqueEmail('stale');
    const freshEmail = uniqueEmail('fresh');
    const stale = await insertPendingRegistration(staleEmail, 10 * 60_000);
    const fresh = await insertPendingRegistration(freshEmail, 1_000);
    // The crashed process got as far as creating the credential.
    h.auth.credentials.set(stale, { email: staleEmail, password: GOOD_PASSWORD });

    const result = await sweepRegistrations(h.deps());
    expect(result.abandoned).toBeGreaterThanOrEqual(1);
    expect(await rowsWithEmail(staleEmail)).toEqual([]);
    expect(h.auth.credentials.has(stale)).toBe(false);
    expect(h.auth.callsOf('auth.deleteCredential').map((r) => r.userId)).toContain(stale);
    expect((await rowsWithEmail(freshEmail)).map((r) => [r.id, r.status])).toEqual([[fresh, 'PENDING']]);
    await h.database.db.delete(users).where(eq(users.id, fresh));
  });

  it('does not let a crashed registration hold its email: registering again reclaims it at once', async () => {
    const email = uniqueEmail('reclaim');
    const crashed = await insertPendingRegistration(email, 10 * 60_000);
    const { user, userErrors } = await register({ email, password: GOOD_PASSWORD, name: 'Second Try' });
    expect(userErrors).toEqual([]);
    expect((await rowsWithEmail(email)).map((r) => [r.id, r.status])).toEqual([[rawId(user!.id), 'ACTIVE']]);
    expect(h.auth.callsOf('auth.deleteCredential').map((r) => r.userId)).toEqual([crashed]);
  });

  it('treats a fresh pending registration as holding its email', async () => {
    const email = uniqueEmail('inflight');
    const inFlight = await insertPendingRegistration(email, 1_000);
    const { userErrors } = await register({ email, password: GOOD_PASSWORD, name: 'Too Early' });
    expect(userErrors.map((e) => e.code)).toEqual(['EMAIL_TAKEN']);
    await h.database.db.delete(users).where(eq(users.id, inFlight));
  });

  it('never activates a registration the sweeper abandoned', async () => {
    const email = uniqueEmail('swept');
    h.auth.createCredential = { kind: 'slow', delayMs: 400 };
    // A sweeper that thinks everything is stale runs while the registration waits for auth.
    const pending = registerUser(h.deps(), { email, password: GOOD_PASSWORD, name: 'Swept Away' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await sweepRegistrations(h.deps({ staleAfterMs: 0 }), new Date(Date.now() + 1000));
    const result = await pending;
    expect(result.ok).toBe(false);
    expect(await rowsWithEmail(email)).toEqual([]);
    expect((await h.outboxEvents('user.registered')).filter((e) => e.data.email === email)).toEqual([]);
  });
});
