import { z } from 'zod';
import type { Logger } from '@shop/core';
import { commandCatalog, type CommandName, type CommandRequest, type CommandResponse } from '@shop/events';
import { issuesText } from './envelope-text';
import { errorMessage } from './sql';
import {
  CommandError,
  commandErrorCodes,
  type Bus,
  type CommandErrorCode,
  type CommandHandler,
  type ServiceBusOptions,
  type Subscription,
} from './types';

/** What a command responder sends back; the caller validates it before trusting `result`. */
const replySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(commandErrorCodes as [CommandErrorCode, ...CommandErrorCode[]]),
      message: z.string(),
    }),
  }),
]);

/** The command responders of one service: requests validated against the catalogue, failures answered with a code. */
export class CommandServers {
  private servers: Subscription[] = [];
  private stopped = false;

  constructor(
    private readonly options: ServiceBusOptions,
    private readonly log: Logger,
  ) {}

  /** Answers `cmd.<service>.<name>` requests, validating them against the command catalogue. */
  async serve<N extends CommandName>(name: N, handler: CommandHandler<N>): Promise<void> {
    if (this.stopped) throw new Error('this ServiceBus has been stopped');
    const subject = `${this.options.bus.naming.commandPrefix}.${name}`;
    const requestSchema: z.ZodType = commandCatalog[name].request;
    const failure = (code: CommandErrorCode, message: string) =>
      JSON.stringify({ ok: false, error: { code, message } });
    const subscription = await this.options.bus.commands.serve(subject, this.options.service, async (payload) => {
      let raw: unknown;
      try {
        raw = JSON.parse(payload);
      } catch {
        return failure('INVALID_REQUEST', 'request is not JSON');
      }
      const parsed = requestSchema.safeParse(raw);
      if (!parsed.success) return failure('INVALID_REQUEST', issuesText(parsed.error));
      try {
        const result = await handler(parsed.data as CommandRequest<N>);
        return JSON.stringify({ ok: true, result });
      } catch (error) {
        // The caller gets a code and a fixed message; the details stay in this service's log.
        this.log.error({ err: error, command: name }, 'command handler failed');
        return failure('HANDLER_ERROR', 'the command handler failed');
      }
    });
    this.servers.push(subscription);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.servers.map((s) => s.drain()));
    this.servers = [];
  }
}

/**
 * Calls a command over any bus (services use `ServiceBus.call`; CLIs such as `pnpm staff:create` call this
 * directly). Throws CommandError on timeout, no responder, a refusal, or a reply that fails its schema.
 */
export async function callCommand<N extends CommandName>(
  bus: Bus,
  name: N,
  request: CommandRequest<N>,
  options?: { timeoutMs?: number },
): Promise<CommandResponse<N>> {
  const subject = `${bus.naming.commandPrefix}.${name}`;
  const timeoutMs = options?.timeoutMs ?? 5000;
  let payload: string;
  try {
    payload = await bus.commands.request(subject, JSON.stringify(request), timeoutMs);
  } catch (error) {
    if (error instanceof CommandError) throw new CommandError(error.code, name, error.detail);
    throw new CommandError('UNAVAILABLE', name, errorMessage(error));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    throw new CommandError('INVALID_RESPONSE', name, 'reply is not JSON');
  }
  const reply = replySchema.safeParse(raw);
  if (!reply.success) throw new CommandError('INVALID_RESPONSE', name, `malformed reply: ${issuesText(reply.error)}`);
  if (!reply.data.ok) throw new CommandError(reply.data.error.code, name, reply.data.error.message);
  const responseSchema: z.ZodType = commandCatalog[name].response;
  const result = responseSchema.safeParse(reply.data.result);
  if (!result.success) throw new CommandError('INVALID_RESPONSE', name, issuesText(result.error));
  return result.data as CommandResponse<N>;
}
