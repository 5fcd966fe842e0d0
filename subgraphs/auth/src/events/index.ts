import type { EventHandlers } from '@shop/bus';
import type { AuthDeps } from '../domain/deps';
import { onUserDeleted, onUserRegistered, onUserUpdated } from '../domain/user-lifecycle';

/** auth's one durable consumer: the users subgraph's life-cycle events, each applied exactly once (inbox). */
export const eventHandlers = (deps: AuthDeps): EventHandlers => ({
  'user.registered': (tx, event) => onUserRegistered(deps, tx, event.data),
  'user.updated': (tx, event) => onUserUpdated(deps, tx, event.data),
  'user.deleted': (tx, event) => onUserDeleted(deps, tx, event.data),
});
