import { z } from 'zod';

/**
 * Internal commands (request/reply over `cmd.<subgraph>.<name>`), validated at the receiver.
 * Every command carries an idempotency key chosen by the caller.
 */
export const commandCatalog = {
  /** Liveness probe every subgraph answers; also what the bus tests exercise. */
  'products.ping': {
    request: z.object({ idempotencyKey: z.string().min(1), echo: z.string().max(200) }),
    response: z.object({ echo: z.string(), at: z.string() }),
  },
  /**
   * Catalog facts about variants by id, for subgraphs that need them synchronously (e.g. a checkout quote).
   * Only live variants of live products are returned, in request order: a missing id means the variant does
   * not exist or was deleted, and must be treated as unavailable.
   */
  'products.variantsGet': {
    request: z.object({ idempotencyKey: z.string().min(1), variantIds: z.array(z.uuid()).max(100) }),
    response: z.object({
      variants: z.array(
        z.object({
          variantId: z.uuid(),
          productId: z.uuid(),
          sku: z.string(),
          productStatus: z.enum(['DRAFT', 'ACTIVE', 'ARCHIVED']),
          weightGrams: z.number().int().nullable(),
          categoryId: z.uuid().nullable(),
        }),
      ),
    }),
  },
} as const;

export type CommandCatalog = typeof commandCatalog;
export type CommandName = keyof CommandCatalog;
export type CommandRequest<N extends CommandName> = z.infer<CommandCatalog[N]['request']>;
export type CommandResponse<N extends CommandName> = z.infer<CommandCatalog[N]['response']>;
