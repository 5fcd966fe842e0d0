import type { Actor } from '@shop/events';

/** Who is reading or writing, as far as shipping cares. */
export interface Viewer {
  /** Recorded on the events this viewer's changes emit. */
  actor: Actor | null;
}

/** The platform itself (the demo seed). */
export const SYSTEM_VIEWER: Viewer = { actor: { kind: 'system', id: null } };
