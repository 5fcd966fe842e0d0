import type { Logger } from '@shop/core';
import { CommandError, type CommandTransport, type Subscription } from './types';

interface Responder {
  handler: (payload: string) => Promise<string>;
  inFlight: Set<Promise<unknown>>;
}

export class InProcessCommands implements CommandTransport {
  /** subject → queue group → responders; each request goes to one responder per group, like NATS. */
  private readonly routes = new Map<string, Map<string, { responders: Responder[]; turn: number }>>();

  constructor(private readonly logger: Logger) {}

  async request(subject: string, payload: string, timeoutMs: number): Promise<string> {
    const groups = [...(this.routes.get(subject)?.values() ?? [])].filter((g) => g.responders.length > 0);
    if (groups.length === 0) throw new CommandError('NO_RESPONDER', subject, 'no service answers this command');
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        reject(new CommandError('TIMEOUT', subject, `no reply within ${timeoutMs} ms`));
      }, timeoutMs);
      for (const group of groups) {
        const responder = group.responders[group.turn++ % group.responders.length] as Responder;
        // A macrotask hop, so a handler never runs inside the caller's stack (as over a network).
        const work = new Promise<void>((r) => setImmediate(r))
          .then(() => responder.handler(payload))
          .then((reply) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve(reply);
          })
          .catch((error: unknown) =>
            this.logger.error({ err: error, subject }, 'command handler failed without a reply'),
          )
          .finally(() => responder.inFlight.delete(work));
        responder.inFlight.add(work);
      }
    });
  }

  async serve(subject: string, queue: string, handler: (payload: string) => Promise<string>): Promise<Subscription> {
    const groups = this.routes.get(subject) ?? new Map<string, { responders: Responder[]; turn: number }>();
    this.routes.set(subject, groups);
    const group = groups.get(queue) ?? { responders: [], turn: 0 };
    groups.set(queue, group);
    const responder: Responder = { handler, inFlight: new Set() };
    group.responders.push(responder);
    return {
      drain: async () => {
        const index = group.responders.indexOf(responder);
        if (index >= 0) group.responders.splice(index, 1);
        await Promise.allSettled([...responder.inFlight]);
      },
    };
  }

  async close(): Promise<void> {
    const all = [...this.routes.values()].flatMap((groups) => [...groups.values()].flatMap((g) => g.responders));
    this.routes.clear();
    await Promise.allSettled(all.flatMap((r) => [...r.inFlight]));
  }
}
