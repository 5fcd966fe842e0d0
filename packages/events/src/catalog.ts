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

export const eventCatalog = {
  /** A user finished registering (profile and credential both exist). */
  'user.registered': { source: 'users', version: 1, data: z.object({ userId: z.uuid(), email: z.email(), name: z.string() }) },
  /** Profile or status changed; `changed` lists the field names. Auth reacts to email and status changes. */
  'user.updated': {
    source: 'users',
    version: 1,
    data: z.object({ userId: z.uuid(), email: z.email(), status: userStatus, changed: z.array(z.string()) }),
  },
  /** The account was deleted and its personal data erased; every service forgets or anonymises the user. */
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
  'auth.password_changed': { source: 'auth', version: 1, data: z.object({ userId: z.uuid(), via: z.enum(['CHANGE', 'RESET']) }) },
  /**
   * A password reset was requested: notifications delivers the link. The token is single-use, hashed at rest
   * in auth and valid 30 minutes; it travels only in this event, which no service may log.
   */
  'auth.password_reset_requested': {
    source: 'auth',
    version: 1,
    data: z.object({ userId: z.uuid(), email: z.email(), token: z.string().min(32), expiresAt: z.iso.datetime({ offset: true }) }),
  },
  'auth.mfa_enabled': { source: 'auth', version: 1, data: z.object({ userId: z.uuid() }) },
  'auth.mfa_disabled': { source: 'auth', version: 1, data: z.object({ userId: z.uuid() }) },
  'auth.session_revoked': {
    source: 'auth',
    version: 1,
    data: z.object({
      userId: z.uuid(),
      sessionId: z.uuid(),
      reason: z.enum(['LOGOUT', 'REVOKED', 'PASSWORD_CHANGED', 'TOKEN_REUSE', 'ACCOUNT_DISABLED', 'ACCOUNT_DELETED', 'EXPIRED']),
    }),
  },
  'auth.permissions_changed': {
    source: 'auth',
    version: 1,
    data: z.object({ userId: z.uuid(), permissions: z.array(z.string()), actorId: z.uuid().nullable() }),
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
      status: z.enum(['PENDING', 'CONFIRMED', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED', 'PARTIALLY_REFUNDED']),
      previousStatus: z.enum(['PENDING', 'CONFIRMED', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'CANCELLED', 'REFUNDED', 'PARTIALLY_REFUNDED']).nullable(),
      lines: z.array(z.object({ productId: z.uuid(), variantId: z.uuid(), quantity: z.number().int().positive() })),
    }),
  },
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
