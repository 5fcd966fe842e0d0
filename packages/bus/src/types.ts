import type { Logger } from '@shop/core';
import type { CompositeWrite, Database, Tx } from '@shop/db';
import type {
  Actor,
  CommandName,
  CommandRequest,
  CommandResponse,
  EventData,
  EventEnvelope,
  EventType,
} from '@shop/events';
import type { BusTables } from './tables';

/**
 * The bus contract (DESIGN.md §3). Two transports implement it: JetStream (distributed) and an
 * in-process one (embedded) with the same guarantees. Everything above the transport (outbox, relay,
 * inbox consumer, dead letters, command validation) is shared code.
 */

/** Names that isolate one deployment (or one test run) from another on the same NATS server. */
export interface BusNaming {
  /** JetStream stream name, default `EVENTS`. */
  streamName: string;
  /** Event subjects are `<eventPrefix>.<source>.<type>`, default `events`. */
  eventPrefix: string;
  /** Command subjects are `<commandPrefix>.<subgraph>.<name>`, default `cmd`. */
  commandPrefix: string;
}

export interface Delivery {
  /** The raw message subject, e.g. `events.products.product.created`. */
  subject: string;
  /** The raw payload (UTF-8 JSON), kept as text so a malformed one can be dead-lettered verbatim. */
  payload: string;
  /** 1 on first delivery. */
  deliveryCount: number;
  ack(): Promise<void>;
  /** Redeliver after `delayMs`. */
  nak(delayMs: number): Promise<void>;
  /** Never redeliver. */
  term(): Promise<void>;
}

export interface ConsumerSpec {
  /** Durable name shared by every replica of one service: each event is handled once per service. */
  durable: string;
  /** Subject filters, e.g. `events.products.>`; `events.>` for everything. */
  filterSubjects: string[];
  /**
   * Deliveries before an event goes to the dead letters. Enforced by the ServiceBus, not by the
   * transport: transports keep redelivering an unacknowledged message (JetStream `max_deliver: -1`),
   * because a server-side limit discards the message with only an advisory, i.e. silently.
   */
  maxDeliver: number;
  /** Backoff between deliveries; the last value repeats. */
  backoffMs: number[];
  /** How long a delivery may stay unacknowledged before it is redelivered. */
  ackWaitMs: number;
  /**
   * Log an `events_lost_from_stream` alert at subscribe when the stream discarded messages this durable never
   * acknowledged (default true). Off for the replay durables, which receive only what an operator replays.
   */
  alertOnStreamGap?: boolean;
}

export interface Subscription {
  /** Stops pulling and waits for in-flight handlers to finish. */
  drain(): Promise<void>;
}

export interface EventTransport {
  /** Creates or verifies the stream. */
  ensureStream(): Promise<void>;
  /**
   * Publishes with the envelope id as dedupe key (`Nats-Msg-Id`) unless `options.msgId` names another (a replay
   * must not be absorbed as a duplicate of the original); resolves once the stream has it.
   */
  publish(subject: string, envelope: EventEnvelope, options?: PublishOptions): Promise<void>;
  subscribe(spec: ConsumerSpec, onDelivery: (delivery: Delivery) => Promise<void>): Promise<Subscription>;
  /**
   * Where a durable consumer stands, for lag monitoring and gap detection; null when no such durable exists.
   * Never creates anything.
   */
  consumerLag(durable: string): Promise<ConsumerLag | null>;
  /** Every message since `spec.since`, then live, to this process alone (see BroadcastSpec). */
  broadcast(spec: BroadcastSpec, onMessage: (message: BroadcastMessage) => void): Promise<BroadcastSubscription>;
}

export interface PublishOptions {
  /** Dedupe key; default the envelope id. */
  msgId?: string;
}

export interface ConsumerLag {
  durable: string;
  /** Matching messages not yet delivered to the consumer. */
  pending: number;
  /** Delivered but not yet acknowledged (in a handler, or held by a crashed process until the ack timeout). */
  ackPending: number;
  /**
   * The stream discarded messages (retention, `max_age`) that this consumer had not acknowledged: events it will
   * never receive from the stream. Replay them from the producers' outboxes (`pnpm bus:replay`).
   */
  streamGap: boolean;
  /** Store time of the oldest message still in the stream (null when it is empty). */
  oldestAvailable: Date | null;
}

/** Subject prefix of events replayed from an outbox to one consumer: `<eventPrefix>_replay.<durable>.<source>.<type>`. */
export const replayPrefixOf = (naming: Pick<BusNaming, 'eventPrefix'>): string => `${naming.eventPrefix}_replay`;

/** The durable that receives replays for `durable` (it shares the consumer's inbox and positions). */
export const replayDurableOf = (durable: string): string => `${durable}_replay`;

/**
 * A broadcast subscription: unlike a durable consumer (one delivery per service), every process that opens
 * one sees every matching message. Nothing is acknowledged and nothing is stored for it: it starts by
 * replaying the stream from `since` and then follows it live, so a process rebuilds in-memory state (the
 * access-token revocation set) at start-up from the stream itself. Handlers must be idempotent and
 * order-insensitive across subjects (messages of different filter subjects may interleave differently).
 */
export interface BroadcastSpec {
  /** Subject filters; each may contain wildcards. */
  filterSubjects: string[];
  /** Replay starts at messages stored at or after this time (stream time). */
  since: Date;
}

export interface BroadcastMessage {
  subject: string;
  /** The raw payload (UTF-8 JSON envelope); the handler parses and validates it. */
  payload: string;
}

export interface BroadcastSubscription extends Subscription {
  /** Resolves once every message stored before the subscription was opened has been handed to the handler. */
  readonly replayed: Promise<void>;
  /** Resolves when the subscription stops following, drained or not (a follower that died says so here). */
  readonly ended: Promise<void>;
}

export interface CommandTransport {
  /** Sends a request and waits for the reply payload; rejects with CommandError (TIMEOUT, NO_RESPONDER). */
  request(subject: string, payload: string, timeoutMs: number): Promise<string>;
  /** Answers requests on `subject` as part of queue group `queue` (one replica answers each request). */
  serve(subject: string, queue: string, handler: (payload: string) => Promise<string>): Promise<Subscription>;
}

export interface Bus {
  readonly kind: 'jetstream' | 'in-process';
  readonly naming: BusNaming;
  readonly events: EventTransport;
  readonly commands: CommandTransport;
  /** The connection's state as last reported, for readiness probes: no round trip, so it never hangs. */
  health(): BusHealth;
  close(): Promise<void>;
}

/**
 * `connected`: events and commands flow. `reconnecting`: NATS dropped the connection and the client is retrying
 * (the outbox keeps events meanwhile, but commands fail). `closed`: the bus was closed and will not come back.
 */
export type BusConnectionState = 'connected' | 'reconnecting' | 'closed';

export interface BusHealth {
  ok: boolean;
  state: BusConnectionState;
}

export type CommandErrorCode =
  'TIMEOUT' | 'NO_RESPONDER' | 'INVALID_REQUEST' | 'INVALID_RESPONSE' | 'HANDLER_ERROR' | 'UNAVAILABLE';

/** A typed failure of an internal command, thrown by `CommandClient.call`. */
export class CommandError extends Error {
  /** The message without the `command: CODE:` prefix, safe to forward to a caller. */
  readonly detail: string;

  constructor(
    readonly code: CommandErrorCode,
    readonly command: string,
    message: string,
  ) {
    super(`${command}: ${code}: ${message}`);
    this.name = 'CommandError';
    this.detail = message;
  }
}

export const commandErrorCodes: readonly CommandErrorCode[] = [
  'TIMEOUT',
  'NO_RESPONDER',
  'INVALID_REQUEST',
  'INVALID_RESPONSE',
  'HANDLER_ERROR',
  'UNAVAILABLE',
];

export interface EmitInput<T extends EventType> {
  type: T;
  /** Aggregate id the event is about. */
  subject: string;
  data: EventData<T>;
  actor?: Actor | null;
}

/** Any one event's EmitInput (a list of them may mix types). */
export type AnyEmitInput = { [T in EventType]: EmitInput<T> }[EventType];

/** Writes events to the outbox inside the caller's transaction. */
export interface Emit {
  /** One event, in a statement of its own; returns its envelope (with its sequence). */
  <T extends EventType>(tx: Tx, input: EmitInput<T>): Promise<EventEnvelope<EventData<T>>>;
  /**
   * Several events as one write of a `writeInOneStatement` (@shop/db), so that a change and the events announcing it
   * cost one round trip. Numbered within their aggregates in list order.
   */
  inStatement(inputs: readonly AnyEmitInput[]): CompositeWrite;
}

/**
 * Best-effort work a handler asks to run once its transaction committed (e.g. a call to another subgraph, which must
 * never be made while the transaction holds a connection: the embedded runtime's PGlite has only one). Lost if the
 * process dies in between, so only for what is safe to lose (a stock hold lapses at its TTL anyway).
 */
export type AfterCommit = () => Promise<void>;

export type EventHandler<T extends EventType> = ((
  tx: Tx,
  event: EventEnvelope<EventData<T>>,
) => Promise<void | AfterCommit>) & {
  /**
   * Events the handler would certainly leave alone, known from the event itself: acknowledged without a transaction or
   * an inbox row (they change nothing, so running them once or never is the same).
   */
  ignores?: (event: EventEnvelope<EventData<T>>) => boolean;
};
export type EventHandlers = { [T in EventType]?: EventHandler<T> };

/** A handler with the events it leaves alone (see EventHandler.ignores). */
export function ignoring<T extends EventType>(
  ignores: (event: EventEnvelope<EventData<T>>) => boolean,
  handler: (tx: Tx, event: EventEnvelope<EventData<T>>) => Promise<void | AfterCommit>,
): EventHandler<T> {
  return Object.assign(handler, { ignores });
}

export type CommandHandler<N extends CommandName> = (request: CommandRequest<N>) => Promise<CommandResponse<N>>;

/** A service's command responders by command name (`cmd.<service>.<name>`), typed against the command catalogue. */
export type CommandHandlers = { [N in CommandName]?: CommandHandler<N> };

/** Outbox relay tuning; every field has a production default (see `defaultRelayOptions`). */
export interface RelayOptions {
  /** Poll for rows whose NOTIFY was missed (default 1000 ms). */
  pollIntervalMs: number;
  /** Rows published per transaction (default 100). */
  batchSize: number;
  /** Upper bound of the exponential backoff after a failed publish (default 30000 ms). */
  maxBackoffMs: number;
  /**
   * Published outbox rows are deleted after this long (default 14 days, twice the stream's 7): a consumer offline
   * longer than the stream keeps its events can still be replayed from the outbox until then.
   */
  retentionMs: number;
  /** A row failing this many times while other rows publish is parked (set aside and reported); default 10. */
  parkAfterAttempts: number;
  /** Inbox rows are deleted after this long (default 30 days, well past the stream's max age). */
  inboxRetentionMs: number;
  /** How often pruning runs (default 1 hour). */
  pruneIntervalMs: number;
}

export interface ServiceBusOptions {
  /** The subgraph's name: the event source, the durable name, the command queue group. */
  service: string;
  database: Database;
  tables: BusTables;
  bus: Bus;
  logger: Logger;
  relay?: Partial<RelayOptions>;
  /** Bound on the final flush in `stop()` (default 5000 ms). */
  stopFlushTimeoutMs?: number;
}
