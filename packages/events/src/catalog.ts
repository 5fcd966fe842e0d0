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

const userStatus = z.enum(['ACTIVE', 'DISABLED', 'DELETED']);

/** What review events carry: enough for recommendations and notifications, never the text. */
const reviewData = z.object({
  reviewId: z.uuid(),
  productId: z.uuid(),
  userId: z.uuid(),
  rating: z.number().int().min(1).max(5),
});

/** The order state machine's states (orders owns the transitions). */
const orderStatus = z.enum([
  'PENDING',
  'CONFIRMED',
  'PROCESSING',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
  'RETURNED',
]);

/** A postal address as an order carries it (the fields of users' `addressCreate`). */
const orderAddress = z.object({
  firstName: z.string(),
  lastName: z.string(),
  line1: z.string(),
  line2: z.string().nullable(),
  city: z.string(),
  region: z.string().nullable(),
  postalCode: z.string(),
  country: z.string(),
  phone: z.string().nullable(),
});

/** What payment events carry: `amount` is this change's amount; the totals are the intent's after it. */
const paymentData = z.object({
  paymentIntentId: z.uuid(),
  orderId: z.uuid(),
  status: z.enum([
    'REQUIRES_ACTION',
    'AUTHORIZED',
    'CAPTURED',
    'PARTIALLY_CAPTURED',
    'VOIDED',
    'FAILED',
    'PARTIALLY_REFUNDED',
    'REFUNDED',
  ]),
  amount: z.string(),
  currency: z.string(),
  capturedAmount: z.string(),
  refundedAmount: z.string(),
  /**
   * On payment.authorized and payment.failed: whether the intent waited for the customer (3-D Secure) before this
   * outcome. False when the outcome was the authorize call's own answer (its caller already has it). Absent on older
   * events and on other types.
   */
  afterAction: z.boolean().optional(),
});

const disputeData = z.object({
  disputeId: z.uuid(),
  paymentIntentId: z.uuid(),
  orderId: z.uuid(),
  status: z.enum(['OPEN', 'UNDER_REVIEW', 'WON', 'LOST']),
  amount: z.string(),
  currency: z.string(),
});

const shipmentData = z.object({
  shipmentId: z.uuid(),
  orderId: z.uuid(),
  status: z.enum(['PENDING', 'LABEL_PURCHASED', 'SHIPPED', 'IN_TRANSIT', 'DELIVERED', 'EXCEPTION', 'CANCELLED']),
  carrier: z.string(),
  trackingNumber: z.string().nullable(),
  lines: z.array(z.object({ variantId: z.uuid(), quantity: z.number().int().positive() })),
  /** Whether every line of the order has now shipped (orders moves to SHIPPED) or been delivered (DELIVERED). */
  orderFullyShipped: z.boolean(),
  orderFullyDelivered: z.boolean(),
});

export const eventCatalog = {
  /** A user finished registering (profile and credential both exist). */
  'user.registered': {
    source: 'users',
    version: 1,
    data: z.object({ userId: z.uuid(), email: z.email(), name: z.string() }),
  },
  /** Profile or status changed; `changed` lists the field names. Auth reacts to email and status changes. */
  'user.updated': {
    source: 'users',
    version: 1,
    data: z.object({ userId: z.uuid(), email: z.email(), status: userStatus, changed: z.array(z.string()) }),
  },
  /**
   * Staff disabled an account (`userDisable`), sent beside `user.updated`: who (`actorId`), whom (`userId`), the
   * status before and after, and the reason given. For the audit log.
   */
  'user.disabled': {
    source: 'users',
    version: 1,
    data: z.object({ userId: z.uuid(), actorId: z.uuid(), before: userStatus, after: userStatus, reason: z.string() }),
  },
  /** Staff re-enabled a disabled account (`userEnable`), sent beside `user.updated`. For the audit log. */
  'user.enabled': {
    source: 'users',
    version: 1,
    data: z.object({ userId: z.uuid(), actorId: z.uuid(), before: userStatus, after: userStatus }),
  },
  /**
   * The account was deleted and its personal data erased; every service forgets or anonymises the user. The
   * envelope's `actor` says who deleted it: staff (`userDelete`) or the user themselves (`accountDelete`).
   */
  'user.deleted': { source: 'users', version: 1, data: z.object({ userId: z.uuid() }) },

  'auth.login_succeeded': {
    source: 'auth',
    version: 1,
    data: z.object({ userId: z.uuid(), sessionId: z.uuid(), ip: z.string().nullable(), mfa: z.boolean() }),
  },
  /** A failed login. `userId` is null for unknown emails; the email itself is never carried. */
  'auth.login_failed': {
    source: 'auth',
    version: 1,
    data: z.object({
      userId: z.uuid().nullable(),
      ip: z.string().nullable(),
      reason: z.enum(['BAD_CREDENTIALS', 'THROTTLED', 'ACCOUNT_DISABLED', 'BAD_MFA_CODE']),
    }),
  },
  'auth.password_changed': {
    source: 'auth',
    version: 1,
    data: z.object({ userId: z.uuid(), via: z.enum(['CHANGE', 'RESET']) }),
  },
  /**
   * A password reset was requested: notifications delivers the link. The token is single-use, hashed at rest
   * in auth and valid 30 minutes; it travels only in this event, which no service may log.
   */
  'auth.password_reset_requested': {
    source: 'auth',
    version: 1,
    data: z.object({
      userId: z.uuid(),
      email: z.email(),
      token: z.string().min(32),
      expiresAt: z.iso.datetime({ offset: true }),
    }),
  },
  'auth.mfa_enabled': { source: 'auth', version: 1, data: z.object({ userId: z.uuid() }) },
  'auth.mfa_disabled': { source: 'auth', version: 1, data: z.object({ userId: z.uuid() }) },
  'auth.session_revoked': {
    source: 'auth',
    version: 1,
    data: z.object({
      userId: z.uuid(),
      sessionId: z.uuid(),
      reason: z.enum([
        'LOGOUT',
        'REVOKED',
        'PASSWORD_CHANGED',
        'TOKEN_REUSE',
        'ACCOUNT_DISABLED',
        'ACCOUNT_DELETED',
        'EXPIRED',
      ]),
    }),
  },
  /**
   * A user's staff permissions changed (grant, revoke, deletion): `permissions` is the set after, `before` the set
   * before, `actorId` the staff member who did it (null: the system). Only real changes are announced.
   */
  'auth.permissions_changed': {
    source: 'auth',
    version: 1,
    data: z.object({
      userId: z.uuid(),
      permissions: z.array(z.string()),
      before: z.array(z.string()),
      actorId: z.uuid().nullable(),
    }),
  },

  /**
   * An order moved through its state machine (emitted by orders, which lands later). Reviews marks verified
   * purchases when an order with the product is DELIVERED; the lines say which products it held.
   */
  'order.status_changed': {
    source: 'orders',
    version: 1,
    data: z.object({
      orderId: z.uuid(),
      userId: z.uuid(),
      status: orderStatus,
      previousStatus: orderStatus.nullable(),
      lines: z.array(z.object({ productId: z.uuid(), variantId: z.uuid(), quantity: z.number().int().positive() })),
    }),
  },
  'product.created': { source: 'products', version: 1, data: productData },
  'product.updated': { source: 'products', version: 1, data: productData },
  'product.deleted': {
    source: 'products',
    version: 1,
    data: z.object({ productId: z.uuid(), variantIds: z.array(z.uuid()) }),
  },
  'variant.created': { source: 'products', version: 1, data: variantData },
  'variant.updated': { source: 'products', version: 1, data: variantData },
  'variant.deleted': { source: 'products', version: 1, data: z.object({ variantId: z.uuid(), productId: z.uuid() }) },

  /** A customer wrote a review (PENDING until moderated). */
  'review.created': { source: 'reviews', version: 1, data: reviewData },
  /** A moderator approved a review: it is public and counted in the product's rating. */
  'review.approved': { source: 'reviews', version: 1, data: reviewData },
  /** A moderator rejected a review. */
  'review.rejected': { source: 'reviews', version: 1, data: reviewData },
  /** The author edited a review; it is PENDING again. */
  'review.updated': { source: 'reviews', version: 1, data: reviewData },
  /** The author deleted a review. */
  'review.deleted': { source: 'reviews', version: 1, data: reviewData },

  /** On-hand or reserved changed for one variant in one warehouse; `delta` is the on-hand change (0 for reserve/release). */
  'inventory.stock_changed': {
    source: 'inventory',
    version: 1,
    data: z.object({
      variantId: z.uuid(),
      warehouseId: z.uuid(),
      reason: z.enum(['RECEIVE', 'RETURN', 'ADJUST', 'TRANSFER_OUT', 'TRANSFER_IN', 'SALE', 'CANCELLED']),
      delta: z.number().int(),
      onHand: z.number().int().nonnegative(),
      reserved: z.number().int().nonnegative(),
      available: z.number().int().nonnegative(),
    }),
  },
  /** A variant's available stock in one warehouse fell to or below its threshold (once per crossing). */
  'inventory.low_stock': {
    source: 'inventory',
    version: 1,
    data: z.object({
      variantId: z.uuid(),
      warehouseId: z.uuid(),
      available: z.number().int().nonnegative(),
      threshold: z.number().int().nonnegative(),
    }),
  },
  /** A variant's available stock in one warehouse rose back above its threshold after a low_stock. */
  'inventory.back_in_stock': {
    source: 'inventory',
    version: 1,
    data: z.object({
      variantId: z.uuid(),
      warehouseId: z.uuid(),
      available: z.number().int().nonnegative(),
      threshold: z.number().int().nonnegative(),
    }),
  },
  /** Stock was held for a checkout (`reference` is the caller's order id or key). */
  'inventory.reserved': {
    source: 'inventory',
    version: 1,
    data: z.object({
      reservationId: z.uuid(),
      reference: z.string(),
      expiresAt: z.iso.datetime({ offset: true }),
      allocations: z.array(
        z.object({ variantId: z.uuid(), warehouseId: z.uuid(), quantity: z.number().int().positive() }),
      ),
    }),
  },
  /** A reservation's hold was given back, by the caller (RELEASED) or by the expiry sweeper (EXPIRED). */
  'inventory.released': {
    source: 'inventory',
    version: 1,
    data: z.object({ reservationId: z.uuid(), reference: z.string(), reason: z.enum(['RELEASED', 'EXPIRED']) }),
  },
  /** A reservation became a sale: on hand and reserved both went down. */
  'inventory.committed': {
    source: 'inventory',
    version: 1,
    data: z.object({ reservationId: z.uuid(), reference: z.string() }),
  },
  /** A discount code was redeemed by a placed order (pricing counts usage on `order.placed`). */
  'pricing.discount_redeemed': {
    source: 'pricing',
    version: 1,
    data: z.object({ codeId: z.uuid(), code: z.string(), orderId: z.uuid(), userId: z.uuid() }),
  },
  /**
   * An order was placed: the checkout saga succeeded and the order is CONFIRMED (stock committed, payment
   * authorized). Pricing redeems its discount codes; shipping keeps what it needs to ship it; payments and
   * notifications learn of it. Amounts are decimal strings in `currency`.
   */
  'order.placed': {
    source: 'orders',
    version: 1,
    data: z.object({
      orderId: z.uuid(),
      number: z.string(),
      userId: z.uuid(),
      email: z.email().nullable(),
      discountCodes: z.array(z.string()),
      placedAt: z.string(),
      currency: z.string(),
      total: z.string(),
      lines: z.array(
        z.object({
          lineId: z.uuid(),
          variantId: z.uuid(),
          productId: z.uuid(),
          sku: z.string(),
          quantity: z.number().int().positive(),
          unitPrice: z.string(),
          weightGrams: z.number().int().nonnegative().nullable(),
        }),
      ),
      shippingAddress: orderAddress.nullable(),
      shippingRateId: z.uuid().nullable(),
      /** Where inventory allocated the stock, so shipping can split shipments by warehouse. */
      allocations: z.array(z.object({ variantId: z.uuid(), warehouseId: z.uuid(), quantity: z.number().int() })),
    }),
  },
  /** An order was cancelled (by its customer or staff): inventory releases what is still held, payments voids or refunds. */
  'order.cancelled': {
    source: 'orders',
    version: 1,
    data: z.object({
      orderId: z.uuid(),
      userId: z.uuid(),
      previousStatus: orderStatus,
      reason: z.string().nullable(),
      reservationId: z.uuid().nullable(),
      actorId: z.uuid().nullable(),
    }),
  },
  /** A payment intent changed: authorized, captured (in part), voided, failed or refunded (in part). */
  'payment.authorized': { source: 'payments', version: 1, data: paymentData },
  'payment.captured': { source: 'payments', version: 1, data: paymentData },
  'payment.voided': { source: 'payments', version: 1, data: paymentData },
  'payment.failed': { source: 'payments', version: 1, data: paymentData },
  'payment.refunded': { source: 'payments', version: 1, data: paymentData },
  /**
   * Staff received a return's goods (payments' `returnReceive`): inventory puts the units back on hand, where the
   * order's stock was allocated from when it knows, else in the highest-priority active warehouse.
   */
  'return.received': {
    source: 'payments',
    version: 1,
    data: z.object({
      returnId: z.uuid(),
      orderId: z.uuid(),
      lines: z.array(z.object({ variantId: z.uuid(), quantity: z.number().int().positive() })),
    }),
  },
  /** A provider opened a dispute (chargeback) on a payment, or it was decided. */
  'dispute.opened': { source: 'payments', version: 1, data: disputeData },
  'dispute.closed': { source: 'payments', version: 1, data: disputeData },
  /** A shipment of an order was created, handed to the carrier, delivered, ran into trouble or was cancelled. */
  'shipment.created': { source: 'shipping', version: 1, data: shipmentData },
  'shipment.shipped': { source: 'shipping', version: 1, data: shipmentData },
  'shipment.delivered': { source: 'shipping', version: 1, data: shipmentData },
  'shipment.exception': { source: 'shipping', version: 1, data: shipmentData },
  'shipment.cancelled': { source: 'shipping', version: 1, data: shipmentData },
} as const;

export type EventCatalog = typeof eventCatalog;
export type EventType = keyof EventCatalog;
export type EventData<T extends EventType> = z.infer<EventCatalog[T]['data']>;

export const isKnownEventType = (type: string): type is EventType => Object.hasOwn(eventCatalog, type);
