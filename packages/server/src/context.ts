import type { Logger } from '@shop/core';
import type { Identity } from './identity';

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
