import { uniqueEmail } from '@shop/testing';
import { login, registerUser, startAuthHarness, type AuthHarness, type LoginBody } from './fixtures';

let h: AuthHarness;
beforeAll(async () => {
  // Production delays (free for 5 failures per account, then 1 s doubling to 15 min); a lower IP allowance keeps
  // the per-IP test short.
  h = await startAuthHarness('throttling', { settings: { throttle: { ipFreeFailures: 8 } } });
});
afterAll(async () => {
  await h?.stop();
});

const codeOf = (body: LoginBody) => body.userErrors[0]?.code ?? 'OK';
let ipSerial = 0;
/** A fresh client IP per test, so the per-IP counter only sees that test's attempts. */
const freshIp = () => `198.51.100.${++ipSerial}`;

describe('login throttling', () => {
  it('lets 5 failures per account through, then makes each further attempt wait twice as long', async () => {
    const user = await registerUser(h);
    const ip = freshIp();
    for (let i = 0; i < 6; i++)
      expect(codeOf(await login(h, user.email, 'wrong password!', { ip }))).toBe('INVALID_CREDENTIALS');

    // The 6th failure closed the account for 1 s: even the right password must wait.
    const throttled = await login(h, user.email, user.password, { ip });
    expect(throttled.userErrors).toEqual([
      { code: 'THROTTLED', field: null, message: 'Too many failed attempts: try again in 1 second.' },
    ]);
    expect(throttled.accessToken).toBeNull();

    h.clock.advance(1);
    expect(codeOf(await login(h, user.email, 'wrong password!', { ip }))).toBe('INVALID_CREDENTIALS');
    expect((await login(h, user.email, user.password, { ip })).userErrors[0]!.message).toBe(
      'Too many failed attempts: try again in 2 seconds.',
    );
    h.clock.advance(2);
    expect(codeOf(await login(h, user.email, 'wrong password!', { ip }))).toBe('INVALID_CREDENTIALS');
    expect((await login(h, user.email, user.password, { ip })).userErrors[0]!.message).toBe(
      'Too many failed attempts: try again in 4 seconds.',
    );

    // A throttled attempt is announced, without the email.
    const events = (await h.outboxEvents('auth.login_failed')).filter(
      (e) => e.subject === user.userId && e.data.reason === 'THROTTLED',
    );
    expect(events.length).toBe(3);
    expect(events[0]!.data).toEqual({ userId: user.userId, ip, reason: 'THROTTLED' });

    // Once the wait is over, the right password gets in and the account's counter starts again from zero.
    h.clock.advance(4);
    expect(codeOf(await login(h, user.email, user.password, { ip }))).toBe('OK');
    for (let i = 0; i < 5; i++)
      expect(codeOf(await login(h, user.email, 'wrong password!', { ip: freshIp() }))).toBe('INVALID_CREDENTIALS');
  });

  it('throttles unknown emails exactly like known ones (no enumeration through the throttle)', async () => {
    const email = uniqueEmail('ghost');
    const ip = freshIp();
    for (let i = 0; i < 6; i++)
      expect(codeOf(await login(h, email, 'wrong password!', { ip }))).toBe('INVALID_CREDENTIALS');
    expect((await login(h, email, 'wrong password!', { ip })).userErrors[0]!.message).toBe(
      'Too many failed attempts: try again in 1 second.',
    );
  });

  it('caps the delay at 15 minutes', async () => {
    const email = uniqueEmail('capped');
    for (let i = 0; i < 16; i++) {
      expect(codeOf(await login(h, email, 'wrong password!', { ip: freshIp() }))).toBe('INVALID_CREDENTIALS');
      h.clock.advance(900);
    }
    expect(codeOf(await login(h, email, 'wrong password!', { ip: freshIp() }))).toBe('INVALID_CREDENTIALS');
    expect((await login(h, email, 'wrong password!', { ip: freshIp() })).userErrors[0]!.message).toBe(
      'Too many failed attempts: try again in 900 seconds.',
    );
  });

  it('throttles an IP that fails against many accounts, and only that IP', async () => {
    const ip = freshIp();
    const user = await registerUser(h);
    // Each attempt is against another (unknown) account, so only the IP's counter climbs.
    for (let i = 0; i < 9; i++)
      expect(codeOf(await login(h, uniqueEmail('spray'), 'wrong password!', { ip }))).toBe('INVALID_CREDENTIALS');
    expect((await login(h, user.email, user.password, { ip })).userErrors).toEqual([
      { code: 'THROTTLED', field: null, message: 'Too many failed attempts: try again in 1 second.' },
    ]);
    // The account itself is not blocked: the same user gets in from elsewhere.
    expect(codeOf(await login(h, user.email, user.password, { ip: freshIp() }))).toBe('OK');
  });

  it('cannot be outrun by parallel guesses: at most the free attempts plus one are checked', async () => {
    const user = await registerUser(h);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(h, user.email, `parallel guess ${i}`, { ip: freshIp() })),
    );
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS').length).toBe(6);
    expect(codes.filter((c) => c === 'THROTTLED').length).toBe(6);
  });
});
