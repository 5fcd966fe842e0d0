import type { CommandHandlers } from '@shop/bus';
import type { UsersDeps } from '../domain/deps';
import { handleUsersGet } from './users-get';
import { handleUsersRegister } from './users-register';

/** Answers `cmd.users.*` (the platform serves them; the bus validates requests and replies against the command catalogue). */
export const commandHandlers = (deps: UsersDeps): CommandHandlers => ({
  'users.get': handleUsersGet(deps.db),
  'users.register': handleUsersRegister(deps),
});
