import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@shop/core';
import type { BusNaming } from './types';

export interface JetStreamBusOptions {
  url: string;
  naming: BusNaming;
  logger: Logger;
  /** Attempts at start-up before giving up (default 10; 0.25 s doubling to 5 s between them). */
  connectAttempts?: number;
  /** Nats-Msg-Id dedupe window of the stream (default 2 minutes). */
  duplicateWindowMs?: number;
  /** Messages older than this leave the stream (default 7 days, the outbox retention). */
  maxAgeMs?: number;
  /** How long a publish waits for its PubAck (default 5000 ms). */
  publishTimeoutMs?: number;
  /** Pause between reconnect attempts once connected (default 1000 ms); reconnection never gives up. */
  reconnectTimeWaitMs?: number;
  /**
   * Messages a consumer pulls ahead (default 4): they are handled one at a time, and a replica that dies holds
   * them until `ack_wait`, so a small number keeps the recovery short.
   */
  prefetch?: number;
  /**
   * How long one pull request stays open at the server (default 1000 ms). A draining replica waits for its open
   * pull to run out, so this bounds a graceful stop; a process frozen with an open pull is handed events until then.
   */
  pullExpiresMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `NATS_URL` may list several servers, comma-separated. */
const serverList = (url: string): string[] =>
  url
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Hosts and ports only: a NATS URL may carry a user and password. */
export function safeNatsUrl(url: string): string {
  return serverList(url)
    .map((server) => {
      try {
        const u = new URL(server.includes('://') ? server : `nats://${server}`);
        return `${u.hostname}:${u.port || 4222}`;
      } catch {
        return '(unparseable NATS_URL)';
      }
    })
    .join(',');
}

export async function connectWithRetry(options: JetStreamBusOptions): Promise<NatsConnection> {
  const attempts = options.connectAttempts ?? 10;
  const where = safeNatsUrl(options.url);
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect({
        servers: serverList(options.url),
        name: `shop-${options.naming.streamName}`,
        // Once connected, outages are ridden out: the relay keeps rows in the outbox until publishes succeed again.
        maxReconnectAttempts: -1,
        reconnectTimeWait: options.reconnectTimeWaitMs ?? 1000,
      });
    } catch (error) {
      if (attempt >= attempts) {
        throw new Error(`NATS at ${where} is not reachable after ${attempts} attempts: ${(error as Error).message}`, {
          cause: error,
        });
      }
      options.logger.warn({ attempt, where, err: (error as Error).message }, 'NATS not ready, retrying');
      await sleep(delay);
      delay = Math.min(delay * 2, 5000);
    }
  }
}
