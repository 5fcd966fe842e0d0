import type { Bus } from '@shop/bus';
import { newId } from '@shop/core';
import type { CommandName, CommandRequest, CommandResponse } from '@shop/events';

/**
 * Plays another subgraph's command on a test bus, as that subgraph would answer it: `command` is
 * `<subgraph>.<name>` (`users.get`), served in that subgraph's queue group; `answer` receives the parsed request and
 * returns the result, sent back as `{ ok: true, result }`. Resolves to a stopper.
 */
export async function serveStandIn<Request, Result>(
  bus: Bus,
  command: string,
  answer: (request: Request) => Result | Promise<Result>,
): Promise<() => Promise<void>> {
  const [subgraph] = command.split('.');
  const subscription = await bus.commands.serve(`${bus.naming.commandPrefix}.${command}`, subgraph!, async (payload) =>
    JSON.stringify({ ok: true, result: await answer(JSON.parse(payload) as Request) }),
  );
  return () => subscription.drain();
}

/** What `commandCaller` needs of a subgraph's service bus (`h.subgraph.deps.bus`). */
export interface CommandCalling {
  call<N extends CommandName>(name: N, request: CommandRequest<N>): Promise<CommandResponse<N>>;
}

/** A command called with everything but its idempotency key. */
export type CommandCaller<N extends CommandName> = (
  request: Omit<CommandRequest<N>, 'idempotencyKey'>,
) => Promise<CommandResponse<N>>;

/**
 * A command as another subgraph calls it (`orders` calling `pricing.quote`, say): each call with a fresh idempotency
 * key, so a test names only what the request is about.
 */
export function commandCaller<N extends CommandName>(bus: CommandCalling, name: N): CommandCaller<N> {
  return (request) =>
    // Every command's request carries `idempotencyKey` (the catalogue's rule); TypeScript cannot see through the
    // generic Omit that adding it back gives CommandRequest<N> again.
    bus.call(name, { idempotencyKey: newId(), ...request } as CommandRequest<N>);
}
