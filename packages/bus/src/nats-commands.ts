import { RequestError, TimeoutError, type NatsConnection, type Msg } from '@nats-io/transport-node';
import type { Logger } from '@shop/core';
import { CommandError, type CommandTransport, type Subscription } from './types';

export class NatsCommands implements CommandTransport {
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
  ) {}

  async request(subject: string, payload: string, timeoutMs: number): Promise<string> {
    try {
      const reply = await this.nc.request(subject, payload, { timeout: timeoutMs });
      return reply.string();
    } catch (error) {
      throw toCommandError(subject, error, timeoutMs);
    }
  }

  async serve(subject: string, queue: string, handler: (payload: string) => Promise<string>): Promise<Subscription> {
    const inFlight = new Set<Promise<void>>();
    const answer = (msg: Msg) => {
      const work = handler(msg.string())
        .then((reply) => {
          msg.respond(reply);
        })
        .catch((error: unknown) => this.logger.error({ err: error, subject }, 'command handler failed without a reply'))
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    };
    const sub = this.nc.subscribe(subject, {
      queue,
      callback: (error, msg) => {
        if (error) this.logger.error({ err: error, subject }, 'command subscription error');
        else answer(msg);
      },
    });
    // The server must know the subscription before a request can find it: otherwise a call right after
    // serve() could still see "no responders".
    await this.nc.flush();
    const subscription: Subscription = {
      drain: async () => {
        if (!sub.isClosed()) await sub.drain().catch(() => undefined);
        await Promise.allSettled([...inFlight]);
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async drainAll(): Promise<void> {
    await Promise.allSettled([...this.subscriptions].map((s) => s.drain()));
  }
}

function toCommandError(subject: string, error: unknown, timeoutMs: number): CommandError {
  if (error instanceof CommandError) return error;
  if (error instanceof RequestError && error.isNoResponders())
    return new CommandError('NO_RESPONDER', subject, 'no service answers this command');
  if (error instanceof TimeoutError || (error instanceof Error && error.cause instanceof TimeoutError)) {
    return new CommandError('TIMEOUT', subject, `no reply within ${timeoutMs} ms`);
  }
  return new CommandError('UNAVAILABLE', subject, error instanceof Error ? error.message : 'request failed');
}
