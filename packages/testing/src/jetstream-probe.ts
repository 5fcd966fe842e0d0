import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { TEST_NATS_URL } from './index';

/**
 * A read-only view of a durable consumer as the NATS server sees it, for fault tests that run the services as
 * processes: "is anything still pending or held by a dead process?" is a server-side fact, not a log line.
 */
export interface DurableState {
  /** Matching messages not yet delivered. */
  pending: number;
  /** Delivered, not yet acknowledged (in a handler, or held by a killed or frozen process until ack_wait). */
  ackPending: number;
  /** Messages delivered more than once so far. */
  redelivered: number;
  /** The consumer's ack timeout, as configured by the service that created it. */
  ackWaitMs: number;
  /** Pull requests waiting at the server (a frozen process's outstanding pull still counts). */
  waiting: number;
}

export interface JetStreamProbe {
  /** null when the durable does not exist (yet). */
  durable(name: string): Promise<DurableState | null>;
  /** The stream's first and last sequence, message count and retention. */
  stream(): Promise<{ firstSeq: number; lastSeq: number; messages: number; maxAgeMs: number }>;
  close(): Promise<void>;
}

export async function openJetStreamProbe(streamName: string, url = TEST_NATS_URL): Promise<JetStreamProbe> {
  const nc: NatsConnection = await connect({ servers: url });
  const jsm: JetStreamManager = await jetstreamManager(nc);
  return {
    async durable(name) {
      try {
        const info = await jsm.consumers.info(streamName, name);
        return {
          pending: info.num_pending,
          ackPending: info.num_ack_pending,
          redelivered: info.num_redelivered,
          ackWaitMs: Math.round((info.config.ack_wait ?? 0) / 1e6),
          waiting: info.num_waiting,
        };
      } catch {
        return null;
      }
    },
    async stream() {
      const info = await jsm.streams.info(streamName);
      return {
        firstSeq: info.state.first_seq,
        lastSeq: info.state.last_seq,
        messages: info.state.messages,
        maxAgeMs: Math.round(info.config.max_age / 1e6),
      };
    },
    async close() {
      await nc.close();
    },
  };
}

/**
 * Takes the next message of a durable and never answers it: what a replica that crashes before its handler runs
 * leaves behind (the server redelivers only after ack_wait). Resolves with the delivery it got, or null on timeout.
 */
export async function takeWithoutAck(
  streamName: string,
  durable: string,
  options: { expiresMs?: number; url?: string } = {},
): Promise<{ streamSeq: number; deliveryCount: number; subject: string } | null> {
  const nc = await connect({ servers: options.url ?? TEST_NATS_URL });
  const consumer = await jetstream(nc).consumers.get(streamName, durable);
  const msg = await consumer.next({ expires: options.expiresMs ?? 60_000 });
  // The connection stays open on purpose: the caller is killed (kill -9) while holding the message.
  return msg ? { streamSeq: msg.seq, deliveryCount: msg.info.deliveryCount, subject: msg.subject } : null;
}
