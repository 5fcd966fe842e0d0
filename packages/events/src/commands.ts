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
   * Catalog facts about products by id, for subgraphs that must check a product before referencing it (reviews
   * refuses reviews of products that are not on sale). Only live products are returned, in request order without
   * repeats: a missing id means the product does not exist or was deleted. Callers decide what a status allows;
   * only ACTIVE products are public.
   */
  'products.productsGet': {
    request: z.object({ idempotencyKey: z.string().min(1), productIds: z.array(z.uuid()).max(100) }),
    response: z.object({
      products: z.array(z.object({ productId: z.uuid(), status: z.enum(['DRAFT', 'ACTIVE', 'ARCHIVED']) })),
    }),
  },
  /**
   * Live variants page by page in id order (keyset on `after`): how other subgraphs' seeds and backfills learn
   * the catalog without reading products' tables.
   */
  'products.variantsPage': {
    request: z.object({
      idempotencyKey: z.string().min(1),
      after: z.uuid().nullable(),
      limit: z.number().int().min(1).max(1000),
    }),
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
    request: z.object({
      idempotencyKey: z.string().min(1),
      userId: z.uuid(),
      email: z.email(),
      password: z.string().max(1024),
    }),
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
    request: z.object({
      idempotencyKey: z.string().min(1),
      userId: z.uuid(),
      permissions: z.array(z.string().regex(/^[a-z]+:[a-z]+$|^\*$/)).min(1),
    }),
    response: z.object({ permissions: z.array(z.string()) }),
  },
  /**
   * May staff `actorId` disable, enable or delete `targetId` (users → auth, before users changes the account)?
   * Auth owns permissions: the target must hold nothing the actor does not, and the last active holder of `*` can be
   * neither disabled nor deleted (an actor deleting their own account asks with actorId = targetId). `refusal` says
   * why not; a caller that gets no answer must refuse too. `targetPermissions` is the target's set, for the event.
   */
  'auth.staffGuard': {
    request: z.object({
      idempotencyKey: z.string().min(1),
      actorId: z.uuid(),
      targetId: z.uuid(),
      action: z.enum(['DISABLE', 'ENABLE', 'DELETE']),
    }),
    response: z.object({
      allowed: z.boolean(),
      refusal: z
        .object({ code: z.enum(['INSUFFICIENT_PERMISSION', 'LAST_SUPER_ADMIN']), message: z.string() })
        .nullable(),
      targetPermissions: z.array(z.string()),
    }),
  },
  /** Profiles by id (auth needs email and status for password resets and login). */
  'users.get': {
    request: z.object({ idempotencyKey: z.string().min(1), userIds: z.array(z.uuid()).max(100) }),
    response: z.object({
      users: z.array(
        z.object({
          userId: z.uuid(),
          email: z.email(),
          name: z.string(),
          status: z.enum(['ACTIVE', 'DISABLED', 'DELETED']),
        }),
      ),
    }),
  },
  /** Registers a user end to end (profile + credential), as `register` does: used by `pnpm staff:create` and seeds. */
  'users.register': {
    request: z.object({
      idempotencyKey: z.string().min(1),
      email: z.email(),
      password: z.string().max(1024),
      name: z.string().min(1).max(200),
    }),
    response: z.object({
      userId: z.uuid().nullable(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
    }),
  },
  /**
   * Holds stock for a checkout: every line or none, lines of one variant checked against their sum, allocated
   * across active warehouses by priority. Idempotent on `idempotencyKey`: a retry returns the same reservation.
   */
  'inventory.reserve': {
    request: z.object({
      idempotencyKey: z.string().min(1).max(200),
      reference: z.string().min(1).max(200),
      lines: z
        .array(z.object({ variantId: z.uuid(), quantity: z.number().int().positive().max(100000) }))
        .min(1)
        .max(100),
      ttlSeconds: z.number().int().min(1).max(86400).optional(),
    }),
    response: z.object({
      reservationId: z.uuid().nullable(),
      expiresAt: z.string().nullable(),
      allocations: z.array(
        z.object({ variantId: z.uuid(), warehouseId: z.uuid(), quantity: z.number().int().positive() }),
      ),
      error: z
        .object({ code: z.enum(['INSUFFICIENT_STOCK', 'INVALID']), message: z.string(), variantIds: z.array(z.uuid()) })
        .nullable(),
    }),
  },
  /** Turns a reservation into a sale. Idempotent: committing a committed reservation succeeds again. */
  'inventory.commit': {
    request: z.object({ idempotencyKey: z.string().min(1).max(200), reservationId: z.uuid() }),
    response: z.object({
      committed: z.boolean(),
      error: z
        .object({ code: z.enum(['NOT_FOUND', 'RESERVATION_EXPIRED', 'RESERVATION_RELEASED']), message: z.string() })
        .nullable(),
    }),
  },
  /** Gives a reservation's hold back (the saga's compensation of reserve). Idempotent. */
  'inventory.release': {
    request: z.object({ idempotencyKey: z.string().min(1).max(200), reservationId: z.uuid() }),
    response: z.object({
      released: z.boolean(),
      error: z.object({ code: z.enum(['NOT_FOUND', 'RESERVATION_COMMITTED']), message: z.string() }).nullable(),
    }),
  },
  /**
   * Authoritative prices for a cart (DESIGN.md §4): per line the unit price, each discount applied (automatic
   * rule or code), tax and total; the codes' outcomes; and totals that always equal the sum of their parts.
   * Amounts are decimal strings in `currency`. Read-only: codes are redeemed when `order.placed` arrives.
   */
  'pricing.quote': {
    request: z.object({
      idempotencyKey: z.string().min(1),
      currency: z.string().regex(/^[A-Z]{3}$/),
      lines: z.array(z.object({ variantId: z.uuid(), quantity: z.number().int().min(1).max(10000) })).max(100),
      customer: z.object({ userId: z.uuid().nullable(), group: z.string().nullable() }),
      shippingAddress: z.object({ country: z.string().length(2), region: z.string().nullable() }).nullable(),
      shippingAmount: z.string(),
      discountCodes: z.array(z.string().max(64)).max(10),
      /** Price as of this moment (ISO-8601); now when null. */
      at: z.string().nullable().optional(),
    }),
    response: z.object({
      currency: z.string(),
      /** Whether line prices include tax (configured per currency). */
      taxIncluded: z.boolean(),
      lines: z.array(
        z.object({
          variantId: z.uuid(),
          quantity: z.number().int(),
          unitPrice: z.string(),
          subtotal: z.string(),
          discounts: z.array(
            z.object({ source: z.enum(['RULE', 'CODE']), id: z.uuid(), label: z.string(), amount: z.string() }),
          ),
          discountTotal: z.string(),
          tax: z.string(),
          total: z.string(),
        }),
      ),
      /** Variants of the request without a price in `currency` (or unknown): not in `lines`, not sellable. */
      unpricedVariantIds: z.array(z.uuid()),
      codes: z.array(
        z.object({
          code: z.string(),
          codeId: z.uuid().nullable(),
          applied: z.boolean(),
          amount: z.string(),
          refusal: z
            .enum(['EXPIRED', 'NOT_STARTED', 'MIN_SUBTOTAL', 'USAGE_LIMIT', 'UNKNOWN', 'NOT_APPLICABLE'])
            .nullable(),
        }),
      ),
      totals: z.object({
        subtotal: z.string(),
        discounts: z.string(),
        shipping: z.string(),
        shippingDiscount: z.string(),
        tax: z.string(),
        grandTotal: z.string(),
      }),
    }),
  },
} as const;

export type CommandCatalog = typeof commandCatalog;
export type CommandName = keyof CommandCatalog;
export type CommandRequest<N extends CommandName> = z.infer<CommandCatalog[N]['request']>;
export type CommandResponse<N extends CommandName> = z.infer<CommandCatalog[N]['response']>;
