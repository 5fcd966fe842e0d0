import type { EventHandlers } from '@shop/bus';

/**
 * The events shipping consumes, exactly once each through the inbox (a handler runs in the inbox transaction); the
 * platform starts the consumer. None yet: add one as `'user.deleted': (tx, event) => forgetUser(tx, event.data)`,
 * with its logic in domain/.
 */
export const eventHandlers = (): EventHandlers => ({});
