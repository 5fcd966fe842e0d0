import type { Actor } from '@shop/events';

/**
 * Who is calling, as pricing cares. Shown prices are the same for every caller today (no customer groups at the
 * storefront), and pricing's staff writes emit no events, so only the actor is known; it is here so that a use case
 * that needs it takes it from the viewer like every other subgraph's, never from the raw identity.
 */
export interface Viewer {
  /** null for anonymous callers. */
  actor: Actor | null;
}
