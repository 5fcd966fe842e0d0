import type { CommandHandlers } from '@shop/bus';

/**
 * Answers `cmd.payments.*` (the platform serves them; the bus validates requests and replies against the command
 * catalogue). None yet: declare one in packages/events/src/commands.ts and add `'payments.<name>': handle<Name>(...)`
 * here, one handler per file in this folder.
 */
export const commandHandlers = (): CommandHandlers => ({});
