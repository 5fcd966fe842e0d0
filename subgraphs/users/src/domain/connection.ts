import type { Connection } from '@shop/core';

/**
 * A connection whose `totalCount` is only computed when a client selects it: counting a large filtered set
 * costs as much as the page itself, and most storefront pages never ask.
 */
export type CountedConnection<T> = Omit<Connection<T>, 'totalCount'> & { totalCount: () => Promise<number> };

export function withLazyCount<T>(connection: Connection<T>, count: () => Promise<number>): CountedConnection<T> {
  let pending: Promise<number> | null = null;
  const { totalCount: _unused, ...rest } = connection;
  return { ...rest, totalCount: () => (pending ??= count()) };
}
