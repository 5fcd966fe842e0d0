import type { ConsumerMessages, JetStreamClient } from '@nats-io/jetstream';
import type { Logger } from '@shop/core';
import { assertValidName } from './subjects';
import type { BroadcastMessage, BroadcastSpec, BroadcastSubscription } from './types';

interface Follower {
  messages: ConsumerMessages;
  loop: Promise<void>;
  replayed: Promise<void>;
}

/**
 * A broadcast subscription on JetStream: one ordered consumer per filter subject (nats-server 2.9 takes a
 * single `filter_subject` per consumer, and a covering `events.>` would replay every event of the window).
 * Ordered consumers are ephemeral, unacknowledged, in memory on the server and private to this connection;
 * the client recreates them from the last stream sequence it saw after a gap, a missed heartbeat or a
 * reconnect, so a NATS outage delays messages but loses none that are still in the stream.
 */
export async function openJetStreamBroadcast(
  js: JetStreamClient,
  streamName: string,
  spec: BroadcastSpec,
  onMessage: (message: BroadcastMessage) => void,
  logger: Logger,
): Promise<BroadcastSubscription> {
  assertValidName('stream', streamName);
  if (spec.filterSubjects.length === 0) throw new Error('a broadcast subscription needs at least one filter subject');
  const log = logger.child({ broadcast: spec.filterSubjects });
  const followers: Follower[] = [];
  let closed = false;

  const follow = async (filter: string): Promise<Follower> => {
    const consumer = await js.consumers.get(streamName, {
      filter_subjects: filter,
      opt_start_time: spec.since.toISOString(),
    });
    // What the consumer had to deliver when it was created: the replay is over once it has seen them all.
    const pendingAtStart = (await consumer.info(true)).num_pending;
    const messages = await consumer.consume({ max_messages: 256 });
    let markReplayed!: () => void;
    let markAborted!: (error: Error) => void;
    const replayed = new Promise<void>((resolve, reject) => {
      markReplayed = resolve;
      markAborted = reject;
    });
    if (pendingAtStart === 0) markReplayed();
    const loop = (async () => {
      for await (const msg of messages) {
        try {
          onMessage({ subject: msg.subject, payload: msg.string() });
        } catch (error) {
          // A handler bug must not stop the follower: later messages (revocations) still matter.
          log.error({ err: error, subject: msg.subject, seq: msg.seq }, 'broadcast handler failed');
        }
        if (msg.info.pending === 0) markReplayed();
      }
    })()
      .catch((error: unknown) => log.error({ err: error }, 'broadcast follower stopped'))
      .finally(() => markAborted(new Error('the broadcast subscription closed before its replay finished')));
    return { messages, loop, replayed };
  };

  try {
    for (const filter of spec.filterSubjects) followers.push(await follow(filter));
  } catch (error) {
    await Promise.allSettled(followers.map((f) => f.messages.close()));
    throw error;
  }
  const replayed = Promise.all(followers.map((f) => f.replayed)).then(() => undefined);
  // Observed here so a close before the replay is not an unhandled rejection; awaiting callers still see it.
  replayed.catch(() => undefined);
  return {
    replayed,
    ended: Promise.race(followers.map((f) => f.loop)),
    async drain() {
      if (closed) return;
      closed = true;
      await Promise.allSettled(followers.map((f) => f.messages.close()));
      await Promise.allSettled(followers.map((f) => f.loop));
    },
  };
}
