import { ACCESS_TOKEN, type RevocationCheck, type TokenRef } from './access-token';

/**
 * How long after a revocation a token it covers can still pass every other check: the token's life, the
 * verifiers' clock tolerance, and a margin for a token signed just after the revocation was decided (a refresh
 * whose transaction committed first signs after its commit) and for clock drift between services.
 */
export const REVOCATION_HORIZON_MS = (ACCESS_TOKEN.ttlSeconds + ACCESS_TOKEN.clockToleranceSeconds + 60) * 1000;

/**
 * After a permission change, how long a token signed after the cutoff must also carry exactly the new set. A
 * refresh that read the permissions just before the change committed signs after the cutoff with the old set;
 * this closes that race. Within REVOCATION_HORIZON_MS's margin, so the entry outlives every token it can match.
 */
export const STALE_PERMISSIONS_WINDOW_MS = 30_000;

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((p) => b.includes(p));

/**
 * The revocations that can still affect a live access token, in memory: ended sessions, and per-user cutoffs
 * ("tokens of this user signed at or before T are refused", after a permission change, a disable or a
 * deletion). Entries leave once every token they can match has expired, so the set stays as small as the
 * revocations of the last ~16 minutes. Applying the same revocation twice, or revocations in any order,
 * gives the same set: replays and redeliveries are harmless.
 */
export class RevocationSet implements RevocationCheck {
  /** Set by the feed once the start-up replay has been applied; a set nobody feeds is ready at once. */
  ready = true;
  /** session id → when the entry may be forgotten (epoch ms). */
  private readonly sessions = new Map<string, number>();
  /** user id → latest cutoff (epoch ms), with the permissions the user holds from then on when it was a permission change. */
  private readonly cutoffs = new Map<string, { at: number; permissions: readonly string[] | null }>();
  private lastPrune = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Ends every token of a session; `at` is when it was revoked. */
  revokeSession(sessionId: string, at: number): void {
    const until = at + REVOCATION_HORIZON_MS;
    if (until <= this.now()) return;
    this.sessions.set(sessionId, Math.max(this.sessions.get(sessionId) ?? 0, until));
  }

  /**
   * Ends every token of a user signed at or before `cutoff`; tokens signed after it (the next refresh) pass. With
   * `permissionsAfter` (a permission change), a token signed shortly after the cutoff must carry exactly that set.
   */
  revokeUserBefore(userId: string, cutoff: number, permissionsAfter: readonly string[] | null = null): void {
    if (cutoff + REVOCATION_HORIZON_MS <= this.now()) return;
    const current = this.cutoffs.get(userId);
    // The latest change decides; a replay or a redelivery of an older one changes nothing.
    if (current && current.at >= cutoff) return;
    this.cutoffs.set(userId, { at: cutoff, permissions: permissionsAfter ? [...permissionsAfter] : null });
  }

  isRevoked(token: TokenRef): boolean {
    this.pruneNowAndThen();
    if (this.sessions.has(token.sessionId)) return true;
    const cutoff = this.cutoffs.get(token.userId);
    if (!cutoff) return false;
    // At or before: a token signed in the same millisecond as the change may carry the old permissions.
    if (token.issuedAtMs <= cutoff.at) return true;
    return (
      cutoff.permissions !== null &&
      token.issuedAtMs <= cutoff.at + STALE_PERMISSIONS_WINDOW_MS &&
      !sameSet(token.permissions, cutoff.permissions)
    );
  }

  get size(): { sessions: number; users: number } {
    return { sessions: this.sessions.size, users: this.cutoffs.size };
  }

  /** Forgets entries whose tokens have all expired. */
  prune(): void {
    const now = this.now();
    this.lastPrune = now;
    for (const [sessionId, until] of this.sessions) if (until <= now) this.sessions.delete(sessionId);
    for (const [userId, cutoff] of this.cutoffs)
      if (cutoff.at + REVOCATION_HORIZON_MS <= now) this.cutoffs.delete(userId);
  }

  private pruneNowAndThen(): void {
    if (this.now() - this.lastPrune >= 10_000) this.prune();
  }
}
