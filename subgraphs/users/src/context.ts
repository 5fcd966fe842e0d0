import { actorOf, identityHasPermission, platformDepsOf } from '@shop/server';
import type { BaseContext, Identity, RequestContext, SubgraphDeps } from '@shop/server';
import { createLoaders, type Loaders } from './db/loaders';
import { createAccounts, type Accounts } from './domain/accounts';
import { DEFAULT_REGISTRATION_OPTIONS, type RegistrationOptions, type UsersDeps } from './domain/deps';
import type { Viewer } from './domain/viewer';
import { USERS_MANAGE, USERS_READ } from './permissions';

/** What every users resolver receives: its use cases, bound to this request's viewer and loaders. */
export interface Context extends RequestContext<Viewer, Loaders> {
  accounts: Accounts;
}

export const usersDepsOf = (
  deps: SubgraphDeps,
  registration: RegistrationOptions = DEFAULT_REGISTRATION_OPTIONS,
): UsersDeps => ({
  ...platformDepsOf(deps),
  commands: deps.bus,
  registration,
});

export function viewerOf(identity: Identity): Viewer {
  const manages = identityHasPermission(identity, USERS_MANAGE);
  return {
    userId: identity.kind === 'user' ? identity.userId : null,
    readsEveryone: manages || identityHasPermission(identity, USERS_READ),
    manages,
    actor: actorOf(identity),
    createdUserIds: new Set(),
  };
}

export function createContext(base: BaseContext, deps: SubgraphDeps): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(deps.database.db);
  const accounts = createAccounts({ ...usersDepsOf(deps), logger: base.logger }, viewer, loaders);
  return { ...base, viewer, loaders, accounts };
}
