import type { Bus } from '@shop/bus';

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
