import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
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
  /** The stream's first and last sequence and message count. */
  stream(): Promise<{ firstSeq: number; lastSeq: number; messages: number }>;
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
      return { firstSeq: info.state.first_seq, lastSeq: info.state.last_seq, messages: info.state.messages };
    },
    async close() {
      await nc.close();
    },
  };
}
