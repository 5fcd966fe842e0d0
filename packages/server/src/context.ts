import type { Emit } from '@shop/bus';
import type { Logger } from '@shop/core';
import type { Db } from '@shop/db';
import type { Identity } from './identity';
import type { SubgraphDeps } from './subgraph';

/** What every resolver receives; subgraphs extend it with their loaders and use cases. */
export interface BaseContext {
  requestId: string;
  identity: Identity;
  /** The caller's IP and user agent, as the gateway forwarded them (null when unknown). */
  clientIp: string | null;
  userAgent: string | null;
  logger: Logger;
}

/**
 * What a subgraph's resolvers receive: the base, the caller as the domain sees it (`viewer`) and the request's
 * DataLoaders. A subgraph adds its use cases, bound to both:
 * `export interface Context extends RequestContext<Viewer, Loaders> { catalog: Catalog }`.
 */
export interface RequestContext<Viewer, Loaders> extends BaseContext {
  viewer: Viewer;
  /** Per-request DataLoaders for every entity lookup. */
  loaders: Loaders;
}

/**
 * What every subgraph's use cases take from the platform: the database, the outbox and the logger. A subgraph's
 * deps add its own settings: `({ ...platformDepsOf(deps), settings })`.
 */
export interface PlatformDeps {
  db: Db;
  /** Writes an event into the outbox within the caller's transaction. */
  emit: Emit;
  logger: Logger;
}

export const platformDepsOf = (deps: SubgraphDeps): PlatformDeps => ({
  db: deps.database.db,
  emit: deps.bus.emit,
  logger: deps.logger,
});
