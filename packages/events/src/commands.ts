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
  /**
   * Live variants page by page in id order (keyset on `after`): how other subgraphs' seeds and backfills learn
   * the catalog without reading products' tables.
   */
  'products.variantsPage': {
    request: z.object({ idempotencyKey: z.string().min(1), after: z.uuid().nullable(), limit: z.number().int().min(1).max(1000) }),
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
      /** Pass as `after` for the next page; null on the last page. */
      next: z.uuid().nullable(),
    }),
  },
  /**
   * Creates the login credential of a user being registered (users → auth). Idempotent on userId: a retry
   * with the same user returns the same outcome. Expected refusals come back in `error`, not as a failure.
   */
  'auth.createCredential': {
    request: z.object({ idempotencyKey: z.string().min(1), userId: z.uuid(), email: z.email(), password: z.string().max(1024) }),
    response: z.object({
      created: z.boolean(),
      error: z.object({ code: z.enum(['WEAK_PASSWORD', 'EMAIL_TAKEN']), message: z.string() }).nullable(),
    }),
  },
  /** Removes a credential: the compensation of createCredential when registration fails after it. */
  'auth.deleteCredential': {
    request: z.object({ idempotencyKey: z.string().min(1), userId: z.uuid() }),
    response: z.object({ deleted: z.boolean() }),
  },
  /** Re-checks a signed-in user's password before a destructive action (account deletion). */
  'auth.verifyPassword': {
    request: z.object({ idempotencyKey: z.string().min(1), userId: z.uuid(), password: z.string().max(1024) }),
    response: z.object({ valid: z.boolean() }),
  },
  /** Grants permissions to a user (creating the staff record): `pnpm staff:create` and the embedded demo seed. */
  'auth.staffGrant': {
    request: z.object({ idempotencyKey: z.string().min(1), userId: z.uuid(), permissions: z.array(z.string().regex(/^[a-z]+:[a-z]+$|^\*$/)).min(1) }),
    response: z.object({ permissions: z.array(z.string()) }),
  },
  /** Profiles by id (auth needs email and status for password resets and login). */
  'users.get': {
    request: z.object({ idempotencyKey: z.string().min(1), userIds: z.array(z.uuid()).max(100) }),
    response: z.object({
      users: z.array(z.object({ userId: z.uuid(), email: z.email(), name: z.string(), status: z.enum(['ACTIVE', 'DISABLED', 'DELETED']) })),
    }),
  },
  /** Registers a user end to end (profile + credential), as `register` does: used by `pnpm staff:create` and seeds. */
  'users.register': {
    request: z.object({ idempotencyKey: z.string().min(1), email: z.email(), password: z.string().max(1024), name: z.string().min(1).max(200) }),
    response: z.object({
      userId: z.uuid().nullable(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  },
} as const;

export type CommandCatalog = typeof commandCatalog;
export type CommandName = keyof CommandCatalog;
export type CommandRequest<N extends CommandName> = z.infer<CommandCatalog[N]['request']>;
export type CommandResponse<N extends CommandName> = z.infer<CommandCatalog[N]['response']>;
