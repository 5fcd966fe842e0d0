import type { Logger } from '@shop/core';
import { subjectFor, type BroadcastMessage, type BroadcastSubscription, type Bus } from '@shop/bus';
import { envelopeSchema, eventCatalog, type EventData } from '@shop/events';
import { REVOCATION_HORIZON_MS, RevocationSet } from './revocations';

/**
 * The events that end access tokens. auth announces every ended session (logout, sessionRevoke, "sign out
 * other sessions", refresh-token reuse, password change and reset, and — when it has consumed users' events —
 * account disable and deletion). Permission changes, disables and deletions also end every older token of the
 * user directly, by a cutoff at the event's time: a disable then takes effect without waiting for auth to
 * consume `user.updated`, and a permission change ends the token carrying the old permissions while the
 * client's next refresh gets a token with the new ones.
 */
const FEED = ['auth.session_revoked', 'auth.permissions_changed', 'user.updated', 'user.deleted'] as const;
type FeedEvent = (typeof FEED)[number];

export interface RevocationFeed {
  revocations: RevocationSet;
  /** Revocations applied since start (replayed and live), for /metrics and tests. */
  readonly applied: number;
  stop(): Promise<void>;
}

export interface RevocationFeedOptions {
  /** How long the start-up replay may take before the process gives up starting (default 30 s). */
  replayTimeoutMs?: number;
}

/** Applies one event to the set; returns false for an event that ends nothing (or cannot be read). */
function apply(set: RevocationSet, message: BroadcastMessage, logger: Logger): boolean {
  let raw: unknown;
  try {
    raw = JSON.parse(message.payload);
  } catch {
    logger.warn({ subject: message.subject }, 'revocation feed: unreadable message skipped');
    return false;
  }
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success || !(FEED as readonly string[]).includes(envelope.data.type)) return false;
  const type = envelope.data.type as FeedEvent;
  const data = eventCatalog[type].data.safeParse(envelope.data.data);
  if (!data.success) {
    logger.warn({ subject: message.subject, eventId: envelope.data.id }, 'revocation feed: malformed event skipped');
    return false;
  }
  const at = Date.parse(envelope.data.time);
  switch (type) {
    case 'auth.session_revoked': {
      set.revokeSession((data.data as EventData<'auth.session_revoked'>).sessionId, at);
      return true;
    }
    case 'auth.permissions_changed': {
      const change = data.data as EventData<'auth.permissions_changed'>;
      set.revokeUserBefore(change.userId, at, change.permissions);
      return true;
    }
    case 'user.deleted':
      set.revokeUserBefore(data.data.userId, at);
      return true;
    case 'user.updated': {
      const update = data.data as EventData<'user.updated'>;
      if (update.status === 'ACTIVE') return false;
      set.revokeUserBefore(update.userId, at);
      return true;
    }
  }
}

/**
 * Keeps this process's revocation set: replays the revocations of the last token lifetime from the bus, then
 * follows new ones live. Resolves only after the replay, so a process that starts serving already refuses
 * every token revoked before it started; throws (and the process does not start) if the bus cannot replay.
 * Every process opens its own broadcast subscription: each needs every revocation.
 */
export async function startRevocationFeed(
  bus: Bus,
  logger: Logger,
  options: RevocationFeedOptions = {},
): Promise<RevocationFeed> {
  const log = logger.child({ component: 'revocations' });
  const revocations = new RevocationSet();
  revocations.ready = false;
  let applied = 0;
  const filterSubjects = FEED.map((type) =>
    subjectFor(bus.naming.eventPrefix, { source: eventCatalog[type].source, type }),
  );
  const subscription: BroadcastSubscription = await bus.events.broadcast(
    { filterSubjects, since: new Date(Date.now() - REVOCATION_HORIZON_MS) },
    (message) => {
      if (apply(revocations, message, log)) applied++;
    },
  );
  const timeoutMs = options.replayTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      subscription.replayed,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the revocation feed did not replay within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    await subscription.drain().catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  revocations.ready = true;
  log.info({ replayed: applied, ...revocations.size }, 'revocation set loaded');
  let stopping = false;
  void subscription.ended.then(() => {
    if (stopping) return;
    // Without the feed this process would accept revoked tokens until they expire: refuse signed-in requests
    // (503) instead, and say so; readiness probes and the operator's restart bring a working process back.
    revocations.ready = false;
    log.error('the revocation feed stopped: signed-in requests are refused until this process restarts');
  });
  return {
    revocations,
    get applied() {
      return applied;
    },
    stop: () => {
      stopping = true;
      return subscription.drain();
    },
  };
}
