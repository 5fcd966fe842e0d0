import type { Actor } from '@shop/events';
import type { ProductRow } from '../db/schema';

/** Who is reading or writing, as far as the catalog cares. */
export interface Viewer {
  /** Catalog staff see DRAFT and ARCHIVED products; everybody else only ACTIVE ones. */
  seesAllStatuses: boolean;
  /** Recorded on the events a write emits; null for anonymous callers (who cannot write). */
  actor: Actor | null;
}

/** Whether a product may be shown through the catalog's own queries (entity references: entity-references.ts). */
export const isVisibleTo = (viewer: Viewer, product: ProductRow): boolean =>
  product.deletedAt === null && (viewer.seesAllStatuses || product.status === 'ACTIVE');
