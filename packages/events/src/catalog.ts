import { z } from 'zod';

/**
 * Every domain event, in one place (DESIGN.md §3): its type, the subgraph that emits it, its version,
 * and the shape of `data`. Emitters and consumers both type-check against this table, and consumers
 * validate incoming `data` with the schema, so a malformed event is dead-lettered, never half-applied.
 */
const productData = z.object({
  productId: z.uuid(),
  slug: z.string(),
  name: z.string(),
  status: z.enum(['DRAFT', 'ACTIVE', 'ARCHIVED']),
  categoryId: z.uuid().nullable(),
});

const variantData = z.object({
  variantId: z.uuid(),
  productId: z.uuid(),
  sku: z.string(),
  weightGrams: z.number().int().nonnegative().nullable(),
});

export const eventCatalog = {
  'product.created': { source: 'products', version: 1, data: productData },
  'product.updated': { source: 'products', version: 1, data: productData },
  'product.deleted': { source: 'products', version: 1, data: z.object({ productId: z.uuid(), variantIds: z.array(z.uuid()) }) },
  'variant.created': { source: 'products', version: 1, data: variantData },
  'variant.updated': { source: 'products', version: 1, data: variantData },
  'variant.deleted': { source: 'products', version: 1, data: z.object({ variantId: z.uuid(), productId: z.uuid() }) },
} as const;

export type EventCatalog = typeof eventCatalog;
export type EventType = keyof EventCatalog;
export type EventData<T extends EventType> = z.infer<EventCatalog[T]['data']>;

export const isKnownEventType = (type: string): type is EventType => Object.hasOwn(eventCatalog, type);
