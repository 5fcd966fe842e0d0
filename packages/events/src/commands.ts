import { z } from 'zod';

/**
 * Internal commands (request/reply over `cmd.<subgraph>.<name>`), validated at the receiver.
 * Every command carries an idempotency key chosen by the caller.
 */
/** A decimal amount as a string ("19.99"), never a float (DESIGN.md §6). */
const decimal = z.string().regex(/^\d{1,15}(\.\d{1,4})?$/);
const currency = z.string().regex(/^[A-Z]{3}$/);

/** What a payment intent can be in (payments owns the state machine). */
export const paymentStatus = z.enum([
  'REQUIRES_ACTION',
  'AUTHORIZED',
  'CAPTURED',
  'PARTIALLY_CAPTURED',
  'VOIDED',
  'FAILED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
]);

/** One shipping rate as `shipping.quote` answers it. */
const shippingQuoteRate = z.object({
  rateId: z.uuid(),
  methodId: z.uuid(),
  methodName: z.string(),
  kind: z.enum(['STANDARD', 'EXPRESS', 'PICKUP']),
  price: decimal,
  minDeliveryDays: z.number().int().nullable(),
  maxDeliveryDays: z.number().int().nullable(),
});

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
          /** The product's current name, so an order line can snapshot what the customer bought. */
          productName: z.string(),
          /** The variant's option values as shown to a buyer ("Blue / M"); null when it has none. */
          variantTitle: z.string().nullable(),
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
   * Amounts are decimal strings in `currency`. Read-only: a checkout takes its codes with `pricing.redeem`.
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
      /**
       * The idempotency key of a quote of the same lines, codes, customer and address made moments before (a
       * checkout's quote without shipping, then with it): the facts that quote read (prices, rules, codes, tax) are
       * used again when pricing still holds them, so both quotes price against one reading and the second reads
       * nothing. Otherwise the facts are read afresh.
       */
      sameFactsAs: z.string().min(1).max(200).optional(),
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
  /**
   * A checkout takes its discount codes before the payment (orders → pricing): each code's use is counted under its
   * row lock, so of concurrent checkouts with a code limited to K uses exactly K get it (and per customer the same).
   * All or nothing: when any code is refused, none is kept. Idempotent per (code, order): a retry, or `order.placed`
   * later, counts nothing twice. Undone by `pricing.unredeem` when the checkout fails.
   */
  'pricing.redeem': {
    request: z.object({
      idempotencyKey: z.string().min(1),
      orderId: z.uuid(),
      userId: z.uuid(),
      discountCodes: z.array(z.string().max(64)).max(10),
      /** When the order was placed (ISO-8601): the codes' validity windows are checked at this moment. */
      at: z.string(),
    }),
    response: z.object({
      /** True when every code is now counted for the order; false when one was refused (then none is). */
      redeemed: z.boolean(),
      refused: z.array(z.object({ code: z.string(), reason: z.enum(['UNKNOWN', 'EXPIRED', 'USAGE_LIMIT']) })),
    }),
  },
  /** Gives back the code uses an order took (`pricing.redeem`) when its checkout failed. Idempotent. */
  'pricing.unredeem': {
    request: z.object({ idempotencyKey: z.string().min(1), orderId: z.uuid() }),
    response: z.object({ released: z.number().int() }),
  },
  /**
   * Shipping rates for a cart's destination, weight and subtotal (orders → shipping, for `Cart.shippingRates`, the
   * cart's cost and the checkout's authoritative quote). One rate per method of the zone that covers the destination,
   * cheapest first; free-shipping thresholds already applied. `selected` is `rateId`'s current rate, or null when that
   * rate no longer applies (the caller then says so: a checkout refuses with SHIPPING_UNAVAILABLE). Read-only.
   */
  'shipping.quote': {
    request: z.object({
      idempotencyKey: z.string().min(1).max(200),
      currency,
      destination: z.object({
        country: z.string().regex(/^[A-Z]{2}$/),
        region: z.string().max(100).nullable(),
        postalCode: z.string().max(20).nullable(),
      }),
      /** The lines' total weight; variants without a weight count as 0. */
      weightGrams: z.number().int().min(0).max(10_000_000),
      /** Merchandise subtotal after discounts, in `currency`: what subtotal bands and free-shipping thresholds use. */
      subtotal: decimal,
      /** The rate the cart selected, if any. */
      rateId: z.uuid().nullable(),
    }),
    response: z.object({
      rates: z.array(shippingQuoteRate),
      selected: shippingQuoteRate.nullable(),
      /** NO_ZONE: nothing ships there; RATE_UNAVAILABLE: `rateId` no longer applies (other rates may). */
      error: z.object({ code: z.enum(['NO_ZONE', 'RATE_UNAVAILABLE']), message: z.string() }).nullable(),
    }),
  },
  /**
   * Authorizes an order's payment (the checkout saga, after stock is reserved). Idempotent on `orderId`: one payment
   * intent per order, and a retry with the same key answers what the first call did. Runs the risk rules first: a
   * REJECT decision fails the payment (RISK_REJECTED), a REVIEW decision authorizes it but holds it for staff review
   * (`review: true`; capture waits for approval). `REQUIRES_ACTION` (3-D Secure) comes back with `action`; the
   * customer completes it with `paymentActionComplete`. An order already voided (see `payments.void`) is refused.
   */
  'payments.authorize': {
    request: z.object({
      idempotencyKey: z.string().min(1).max(200),
      orderId: z.uuid(),
      orderNumber: z.string().max(50),
      amount: decimal,
      currency,
      /** The provider's payment-method token from the storefront (`test-card-ok`, ... with the test provider). */
      paymentToken: z.string().min(1).max(200),
      customer: z.object({
        userId: z.uuid().nullable(),
        email: z.email().nullable(),
        ip: z.string().max(100).nullable(),
      }),
      billingCountry: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .nullable(),
      shippingCountry: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .nullable(),
    }),
    response: z.object({
      paymentIntentId: z.uuid().nullable(),
      status: paymentStatus.nullable(),
      action: z.object({ type: z.enum(['THREE_DS']), url: z.string() }).nullable(),
      review: z.boolean(),
      error: z
        .object({
          code: z.enum([
            'DECLINED',
            'INSUFFICIENT_FUNDS',
            'RISK_REJECTED',
            'PROVIDER_UNAVAILABLE',
            'VOIDED',
            'INVALID',
          ]),
          message: z.string(),
        })
        .nullable(),
    }),
  },
  /** Captures an order's authorized payment: `amount` of it, or all that is left when null. Idempotent on the key. */
  'payments.capture': {
    request: z.object({ idempotencyKey: z.string().min(1).max(200), orderId: z.uuid(), amount: decimal.nullable() }),
    response: z.object({
      status: paymentStatus.nullable(),
      /** Captured so far in all. */
      capturedAmount: decimal,
      error: z
        .object({
          code: z.enum(['NOT_FOUND', 'NOT_CAPTURABLE', 'EXCEEDS_AUTHORIZED', 'UNDER_REVIEW', 'INVALID']),
          message: z.string(),
        })
        .nullable(),
    }),
  },
  /**
   * Voids an order's uncaptured authorization (the saga's compensation, a cancellation). Safe to call when the
   * authorization never arrived or is still in flight: the order is marked void first, so an authorization that comes
   * later is refused, and a saga that gave up on a timed-out provider never ends up charged. Idempotent.
   */
  'payments.void': {
    request: z.object({ idempotencyKey: z.string().min(1).max(200), orderId: z.uuid() }),
    response: z.object({
      voided: z.boolean(),
      status: paymentStatus.nullable(),
      error: z.object({ code: z.enum(['ALREADY_CAPTURED']), message: z.string() }).nullable(),
    }),
  },
  /**
   * Refunds captured money of an order: `amount`, or all that is captured and not yet refunded when null. The sum of
   * refunds never exceeds what was captured, also under concurrent calls. Idempotent on the key.
   */
  'payments.refund': {
    request: z.object({
      idempotencyKey: z.string().min(1).max(200),
      orderId: z.uuid(),
      amount: decimal.nullable(),
      reason: z.string().max(500).nullable(),
    }),
    response: z.object({
      refundId: z.uuid().nullable(),
      status: paymentStatus.nullable(),
      /** Refunded so far in all. */
      refundedAmount: decimal,
      error: z
        .object({
          code: z.enum(['NOT_FOUND', 'NOTHING_CAPTURED', 'EXCEEDS_CAPTURED', 'INVALID']),
          message: z.string(),
        })
        .nullable(),
    }),
  },
} as const;

export type CommandCatalog = typeof commandCatalog;
export type CommandName = keyof CommandCatalog;
export type CommandRequest<N extends CommandName> = z.infer<CommandCatalog[N]['request']>;
export type CommandResponse<N extends CommandName> = z.infer<CommandCatalog[N]['response']>;
