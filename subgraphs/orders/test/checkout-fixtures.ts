import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { newId } from '@shop/core';
import type { CommandName, CommandRequest, CommandResponse } from '@shop/events';
import { startTestSubgraph, type TestSubgraph } from '@shop/testing';
import { sql, type Executor, type StatementWrite } from '@shop/db';
import type { CheckoutCart } from '../src/domain/checkout-cart';
import type { CheckoutCarts, CheckoutSettings } from '../src/domain/deps';
import { checkoutSettingsFromEnv } from '../src/domain/settings';
import { createOrdersSubgraph } from '../src/service';

/**
 * Checkout's own test pieces: the orders subgraph on the shared harness, with stand-ins playing the other side of every
 * command the saga calls (products, users, pricing, shipping, inventory, payments), as the contracts in
 * packages/events/src/commands.ts describe them. The stand-in inventory keeps real counts (on hand, held, sold), so a
 * test can assert that nothing is left reserved; the stand-in payments keep every intent, so a test can assert that
 * nothing is left charged.
 */

export interface StandInVariant {
  productId: string;
  sku: string;
  /** Minor units in USD. */
  price: bigint;
  onHand: number;
  active: boolean;
}

export interface StandInReservation {
  id: string;
  reference: string;
  lines: { variantId: string; quantity: number }[];
  state: 'HELD' | 'COMMITTED' | 'RELEASED';
}

export interface StandInIntent {
  orderId: string;
  amount: string;
  status: 'AUTHORIZED' | 'REQUIRES_ACTION' | 'VOIDED' | 'FAILED';
}

export interface Faults {
  /** pricing.quote never answers. */
  quoteHangs?: boolean;
  /** inventory.reserve never answers. */
  reserveHangs?: boolean;
  /** shipping.quote says nothing ships there. */
  noShipping?: boolean;
}

export interface OrdersHarness extends TestSubgraph {
  variants: Map<string, StandInVariant>;
  reservations: Map<string, StandInReservation>;
  /** Payment intents by order id. */
  intents: Map<string, StandInIntent>;
  /** Every command call the stand-ins answered, by name. */
  calls: Map<string, number>;
  faults: Faults;
  settings: CheckoutSettings;
  carts: StandInCarts;
  /** A variant on sale with `onHand` units at `price` minor units. */
  variant(onHand: number, price?: bigint): string;
  /** Units held by reservations still HELD, per variant. */
  held(variantId: string): number;
  /** Units on hand minus sold. */
  available(variantId: string): number;
}

type Handler<N extends CommandName> = (request: CommandRequest<N>) => Promise<CommandResponse<N>>;

const dollars = (minor: bigint): string => `${minor / 100n}.${(minor % 100n).toString().padStart(2, '0')}`;

export const FAST_SETTINGS: CheckoutSettings = {
  ...checkoutSettingsFromEnv({}),
  commandTimeoutMs: 1_500,
  authorizeTimeoutMs: 1_500,
  sagaDeadlineMs: 10_000,
  actionDeadlineMs: 3_000,
  idempotencyWaitMs: 20_000,
  recoveryIntervalMs: 500,
};

/** Carts as checkout sees them, kept in memory (the cart tables have their own tests). */
export class StandInCarts implements CheckoutCarts {
  readonly carts = new Map<string, CheckoutCart & { status: 'OPEN' | 'CHECKED_OUT' }>();

  /** An open cart of `userId` with these lines, a US address and no rate selected. */
  add(userId: string | null, lines: { variantId: string; quantity: number }[], codes: string[] = []): string {
    const id = randomUUID();
    this.carts.set(id, {
      id,
      userId,
      currency: 'USD',
      discountCodes: codes,
      shippingAddress: {
        firstName: 'Ada',
        lastName: 'Buyer',
        line1: '1 Main St',
        line2: null,
        city: 'Springfield',
        region: null,
        postalCode: '12345',
        country: 'US',
        phone: null,
      },
      shippingRateId: null,
      lines: lines.map((line) => ({ id: randomUUID(), reservationId: null, ...line })),
      status: 'OPEN',
    });
    return id;
  }

  forCheckout(_db: Executor, cartId: string): Promise<CheckoutCart | null> {
    const cart = this.carts.get(cartId);
    return Promise.resolve(cart && cart.status === 'OPEN' ? cart : null);
  }

  /** Counts 1 while the cart is open in memory, and writes nothing. */
  keepingOpen(_tx: Executor, cartId: string): StatementWrite {
    return { ctes: [], count: sql`select ${this.carts.get(cartId)?.status === 'OPEN' ? 1 : 0}` };
  }

  /** Closes the cart in memory when the statement is built, and writes nothing in it. */
  closing(_tx: Executor, cartId: string): StatementWrite {
    const cart = this.carts.get(cartId);
    if (cart) cart.status = 'CHECKED_OUT';
    return { ctes: [], count: sql`select 1` };
  }

  lineReservations(_db: Executor, cartId: string): Promise<string[]> {
    const lines = this.carts.get(cartId)?.lines ?? [];
    return Promise.resolve(lines.flatMap((line) => (line.reservationId ? [line.reservationId] : [])));
  }
}

export async function startOrdersHarness(
  label: string,
  settings: CheckoutSettings = FAST_SETTINGS,
): Promise<OrdersHarness> {
  const carts = new StandInCarts();
  const h = await startTestSubgraph(createOrdersSubgraph({ settings: { checkout: settings }, carts }), {
    label,
    background: true,
  });
  const variants = new Map<string, StandInVariant>();
  const reservations = new Map<string, StandInReservation>();
  const reservationByKey = new Map<string, StandInReservation>();
  const intents = new Map<string, StandInIntent>();
  const voidedOrders = new Set<string>();
  const calls = new Map<string, number>();
  const faults: Faults = {};
  const sold = new Map<string, number>();
  const held = (variantId: string) =>
    [...reservations.values()]
      .filter((r) => r.state === 'HELD')
      .flatMap((r) => r.lines)
      .filter((line) => line.variantId === variantId)
      .reduce((sum, line) => sum + line.quantity, 0);
  const available = (variantId: string) => (variants.get(variantId)?.onHand ?? 0) - (sold.get(variantId) ?? 0);

  const serve = async <N extends CommandName>(name: N, handler: Handler<N>) => {
    const subscription = await h.bus.commands.serve(
      `${h.bus.naming.commandPrefix}.${name}`,
      name.split('.')[0]!,
      async (payload) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        const result = await handler(JSON.parse(payload) as CommandRequest<N>);
        return JSON.stringify({ ok: true, result });
      },
    );
    h.onStop(() => subscription.drain());
  };

  await serve('products.variantsGet', async ({ variantIds }) => ({
    variants: variantIds.flatMap((variantId) => {
      const v = variants.get(variantId);
      return v
        ? [
            {
              variantId,
              productId: v.productId,
              sku: v.sku,
              productName: `Product ${v.sku}`,
              variantTitle: null,
              productStatus: v.active ? ('ACTIVE' as const) : ('ARCHIVED' as const),
              weightGrams: 500,
              categoryId: null,
            },
          ]
        : [];
    }),
  }));
  await serve('users.get', async ({ userIds }) => ({
    users: userIds.map((userId) => ({
      userId,
      email: `${userId.slice(0, 8)}@example.com`,
      name: 'Buyer',
      status: 'ACTIVE' as const,
    })),
  }));
  await serve('pricing.quote', async (request) => {
    if (faults.quoteHangs) await sleep(60_000);
    const lines = request.lines.map((line) => {
      const price = variants.get(line.variantId)?.price ?? 0n;
      const subtotal = price * BigInt(line.quantity);
      return {
        variantId: line.variantId,
        quantity: line.quantity,
        unitPrice: dollars(price),
        subtotal: dollars(subtotal),
        discounts: [],
        discountTotal: '0.00',
        tax: '0.00',
        total: dollars(subtotal),
      };
    });
    const subtotal = request.lines.reduce(
      (sum, line) => sum + (variants.get(line.variantId)?.price ?? 0n) * BigInt(line.quantity),
      0n,
    );
    const shipping = BigInt(Math.round(Number(request.shippingAmount) * 100));
    return {
      currency: request.currency,
      taxIncluded: false,
      lines,
      unpricedVariantIds: [],
      codes: request.discountCodes.map((code) => ({
        code,
        codeId: null,
        applied: false,
        amount: '0.00',
        refusal: 'UNKNOWN' as const,
      })),
      totals: {
        subtotal: dollars(subtotal),
        discounts: '0.00',
        shipping: dollars(shipping),
        shippingDiscount: '0.00',
        tax: '0.00',
        grandTotal: dollars(subtotal + shipping),
      },
    };
  });
  const rate = {
    rateId: randomUUID(),
    methodId: randomUUID(),
    methodName: 'Standard',
    kind: 'STANDARD' as const,
    price: '5.00',
    minDeliveryDays: 2,
    maxDeliveryDays: 4,
  };
  await serve('shipping.quote', async (request) =>
    faults.noShipping
      ? { rates: [], selected: null, error: { code: 'NO_ZONE' as const, message: 'Nothing ships there.' } }
      : { rates: [rate], selected: request.rateId === rate.rateId ? rate : null, error: null },
  );
  await serve('inventory.reserve', async (request) => {
    // A hang is an answer lost on the way back: the reservation is made, the caller never hears of it.
    const hangs = faults.reserveHangs;
    const answer = reserveNow(request);
    if (hangs) await sleep(60_000);
    return answer;
  });
  const reserveNow = (request: CommandRequest<'inventory.reserve'>): CommandResponse<'inventory.reserve'> => {
    const again = reservationByKey.get(request.idempotencyKey);
    if (again) return { reservationId: again.id, expiresAt: null, allocations: [], error: null };
    const short = request.lines.filter((line) => available(line.variantId) - held(line.variantId) < line.quantity);
    if (short.length > 0) {
      return {
        reservationId: null,
        expiresAt: null,
        allocations: [],
        error: {
          code: 'INSUFFICIENT_STOCK' as const,
          message: 'Not enough stock.',
          variantIds: short.map((line) => line.variantId),
        },
      };
    }
    const reservation: StandInReservation = {
      id: randomUUID(),
      reference: request.reference,
      lines: request.lines,
      state: 'HELD',
    };
    reservations.set(reservation.id, reservation);
    reservationByKey.set(request.idempotencyKey, reservation);
    return {
      reservationId: reservation.id,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
      allocations: request.lines.map((line) => ({ ...line, warehouseId: WAREHOUSE })),
      error: null,
    };
  };
  await serve('inventory.commit', async ({ reservationId }) => {
    const reservation = reservations.get(reservationId);
    if (!reservation)
      return { committed: false, error: { code: 'NOT_FOUND' as const, message: 'No such reservation.' } };
    if (reservation.state === 'RELEASED') {
      return { committed: false, error: { code: 'RESERVATION_RELEASED' as const, message: 'Released.' } };
    }
    if (reservation.state === 'HELD') {
      reservation.state = 'COMMITTED';
      for (const line of reservation.lines) sold.set(line.variantId, (sold.get(line.variantId) ?? 0) + line.quantity);
    }
    return { committed: true, error: null };
  });
  await serve('inventory.release', async ({ reservationId }) => {
    const reservation = reservations.get(reservationId);
    if (!reservation)
      return { released: false, error: { code: 'NOT_FOUND' as const, message: 'No such reservation.' } };
    if (reservation.state === 'COMMITTED') {
      return { released: false, error: { code: 'RESERVATION_COMMITTED' as const, message: 'Committed.' } };
    }
    reservation.state = 'RELEASED';
    return { released: true, error: null };
  });
  await serve('payments.authorize', async (request) => {
    const none = { paymentIntentId: null, status: null, action: null, review: false };
    if (voidedOrders.has(request.orderId)) {
      return { ...none, status: 'VOIDED' as const, error: { code: 'VOIDED' as const, message: 'Voided.' } };
    }
    const existing = intents.get(request.orderId);
    const id = randomUUID();
    const fail = (code: 'DECLINED' | 'INSUFFICIENT_FUNDS' | 'PROVIDER_UNAVAILABLE', message: string) => {
      intents.set(request.orderId, { orderId: request.orderId, amount: request.amount, status: 'FAILED' });
      return { ...none, paymentIntentId: id, status: 'FAILED' as const, error: { code, message } };
    };
    if (existing?.status === 'AUTHORIZED') {
      return { ...none, paymentIntentId: id, status: 'AUTHORIZED' as const, error: null };
    }
    switch (request.paymentToken) {
      case 'test-card-ok':
        intents.set(request.orderId, { orderId: request.orderId, amount: request.amount, status: 'AUTHORIZED' });
        return { ...none, paymentIntentId: id, status: 'AUTHORIZED' as const, error: null };
      case 'test-card-declined':
        return fail('DECLINED', 'The card was declined.');
      case 'test-card-insufficient-funds':
        return fail('INSUFFICIENT_FUNDS', 'Insufficient funds.');
      case 'test-card-3ds':
        intents.set(request.orderId, { orderId: request.orderId, amount: request.amount, status: 'REQUIRES_ACTION' });
        return {
          ...none,
          paymentIntentId: id,
          status: 'REQUIRES_ACTION' as const,
          action: { type: 'THREE_DS' as const, url: `https://pay.example/3ds/${id}` },
          error: null,
        };
      case 'test-card-timeout':
        // The provider never answers; a late authorization is refused once the order is voided.
        await sleep(5_000);
        if (voidedOrders.has(request.orderId)) return fail('PROVIDER_UNAVAILABLE', 'Voided meanwhile.');
        intents.set(request.orderId, { orderId: request.orderId, amount: request.amount, status: 'AUTHORIZED' });
        return { ...none, paymentIntentId: id, status: 'AUTHORIZED' as const, error: null };
      default:
        return fail('DECLINED', 'Unknown card.');
    }
  });
  await serve('payments.void', async ({ orderId }) => {
    voidedOrders.add(orderId);
    const intent = intents.get(orderId);
    if (intent && (intent.status === 'AUTHORIZED' || intent.status === 'REQUIRES_ACTION')) intent.status = 'VOIDED';
    return { voided: true, status: intent ? ('VOIDED' as const) : null, error: null };
  });
  await serve('payments.refund', async () => ({
    refundId: null,
    status: null,
    refundedAmount: '0.00',
    error: { code: 'NOTHING_CAPTURED' as const, message: 'Nothing captured.' },
  }));

  return {
    ...h,
    variants,
    reservations,
    intents,
    calls,
    faults,
    settings,
    carts,
    variant(onHand, price = 1999n) {
      const id = newId();
      variants.set(id, { productId: newId(), sku: `SKU-${id.slice(-8)}`, price, onHand, active: true });
      return id;
    },
    held,
    available,
  };
}

/** The one warehouse of the stand-in inventory. */
export const WAREHOUSE = randomUUID();

/** Intents that hold money: authorized and not voided. */
export const charged = (h: OrdersHarness): StandInIntent[] =>
  [...h.intents.values()].filter((intent) => intent.status === 'AUTHORIZED');
