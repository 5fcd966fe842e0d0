import type { SubgraphDeps } from '@shop/server';
import type { UsersDeps } from '../domain/deps';
import { handleUsersGet } from './users-get';
import { handleUsersRegister } from './users-register';

/** Answers `cmd.users.*`; the bus validates requests and replies against the command catalogue. */
export async function registerCommands(deps: SubgraphDeps, usersDeps: UsersDeps): Promise<void> {
  await deps.bus.serve('users.get', handleUsersGet(deps.database.db));
  await deps.bus.serve('users.register', handleUsersRegister(usersDeps));
}
