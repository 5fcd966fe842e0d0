import { randomUUID } from 'node:crypto';
import { gid, startTestSubgraph, USER_ERRORS, type Caller, type TestSubgraph, type UserErrorBody } from '@shop/testing';
import { DEFAULT_CART_SETTINGS, type CartSettings } from '../src/domain/cart-settings';
import { createOrdersSubgraph } from '../src/service';

/**
 * Orders' cart tests on the shared harness (real PostgreSQL and NATS), with stand-ins playing products
 * (`products.variantsGet`) and inventory (`inventory.reserve` / `inventory.release`) on the test's bus, so each
 * test decides which variants are on sale and how much stock there is.
 */

type ProductStatus = 'DRAFT' | 'ACTIVE' | 'ARCHIVED';

export interface StandInReservation {
  id: string;
  reference: string;
  variantId: string;
  quantity: number;
  ttlSeconds: number | undefined;
  released: boolean;
}

export interface CartHarness extends TestSubgraph {
  /** A fresh variant on sale with `stock` units (default plenty); its raw UUID. */
  variant(options?: { stock?: number; status?: ProductStatus | null }): string;
  setStock(variantId: string, units: number): void;
  /** Units of the variant not held by a live (unreleased) stand-in reservation. */
  available(variantId: string): number;
  reservations(): StandInReservation[];
  /** Makes products (or inventory) stop answering. */
  silence(service: 'products' | 'inventory' | 'pricing' | 'shipping', silent: boolean): void;
  /** The stand-in price list: every variant costs `price` (default "10.00") per unit. */
  setPrice(variantId: string, price: string): void;
  /** The requests the stand-ins received, newest last. */
  requests(command: 'pricing.quote' | 'shipping.quote'): Record<string, unknown>[];
}

/** Stand-in shipping: these rates ship to the US only. */
export const STANDARD_RATE = '0196b2f1-0000-7000-8000-0000000000a1';
export const EXPRESS_RATE = '0196b2f1-0000-7000-8000-0000000000a2';
/** Stand-in pricing's codes: SAVE10 takes 10 % off the goods, OLD is expired, anything else is unknown. */
export const SAVE10_ID = '0196b2f1-0000-7000-8000-0000000000c1';

export async function startCartHarness(label: string, settings: Partial<CartSettings> = {}): Promise<CartHarness> {
  const definition = createOrdersSubgraph({
    settings: { cart: { ...DEFAULT_CART_SETTINGS, commandTimeoutMs: 2_000, ...settings } },
  });
  const h = await startTestSubgraph(definition, { label, background: true });
  const catalog = new Map<string, ProductStatus | null>();
  const stock = new Map<string, number>();
  const reservations = new Map<string, StandInReservation>();
  const silent = new Set<string>();
  // A silenced service answers only after orders stopped waiting (so stopping the stand-ins never hangs).
  const timeoutMs = settings.commandTimeoutMs ?? 2_000;
  const tooLate = () =>
    new Promise<string>((resolve) =>
      setTimeout(
        () => resolve(JSON.stringify({ ok: false, error: { code: 'HANDLER_ERROR', message: 'late' } })),
        timeoutMs + 500,
      ),
    );
  const held = (variantId: string) =>
    [...reservations.values()]
      .filter((r) => !r.released && r.variantId === variantId)
      .reduce((sum, r) => sum + r.quantity, 0);
  const available = (variantId: string) => (stock.get(variantId) ?? 0) - held(variantId);
  const reply = (result: unknown) => JSON.stringify({ ok: true, result });
  const prices = new Map<string, string>();
  const received: Record<string, Record<string, unknown>[]> = { 'pricing.quote': [], 'shipping.quote': [] };
  const cents = (amount: string) => Math.round(Number(amount) * 100);
  const dollars = (minor: number) => (minor / 100).toFixed(2);
  const prefix = h.bus.naming.commandPrefix;

  const subscriptions = [
    await h.bus.commands.serve(`${prefix}.products.variantsGet`, 'products', async (payload) => {
      if (silent.has('products')) return tooLate();
      const request = JSON.parse(payload) as { variantIds: string[] };
      const variants = request.variantIds.flatMap((variantId) => {
        const status = catalog.get(variantId);
        return status
          ? [
              {
                variantId,
                productId: randomUUID(),
                sku: `SKU-${variantId.slice(-6)}`,
                productName: `Product ${variantId.slice(-6)}`,
                variantTitle: null,
                productStatus: status,
                weightGrams: 500,
                categoryId: null,
              },
            ]
          : [];
      });
      return reply({ variants });
    }),
    await h.bus.commands.serve(`${prefix}.inventory.reserve`, 'inventory', async (payload) => {
      if (silent.has('inventory')) return tooLate();
      const request = JSON.parse(payload) as {
        reference: string;
        lines: { variantId: string; quantity: number }[];
        ttlSeconds?: number;
      };
      const [line] = request.lines;
      if (!line || available(line.variantId) < line.quantity)
        return reply({
          reservationId: null,
          expiresAt: null,
          allocations: [],
          error: { code: 'INSUFFICIENT_STOCK', message: 'Not enough stock.', variantIds: line ? [line.variantId] : [] },
        });
      const reservation: StandInReservation = {
        id: randomUUID(),
        reference: request.reference,
        variantId: line.variantId,
        quantity: line.quantity,
        ttlSeconds: request.ttlSeconds,
        released: false,
      };
      reservations.set(reservation.id, reservation);
      const expiresAt = new Date(Date.now() + (request.ttlSeconds ?? 900) * 1000).toISOString();
      return reply({
        reservationId: reservation.id,
        expiresAt,
        allocations: [{ variantId: line.variantId, warehouseId: randomUUID(), quantity: line.quantity }],
        error: null,
      });
    }),
    await h.bus.commands.serve(`${prefix}.inventory.release`, 'inventory', async (payload) => {
      if (silent.has('inventory')) return tooLate();
      const request = JSON.parse(payload) as { reservationId: string };
      const reservation = reservations.get(request.reservationId);
      if (!reservation)
        return reply({ released: false, error: { code: 'NOT_FOUND', message: 'No such reservation.' } });
      reservation.released = true;
      return reply({ released: true, error: null });
    }),
    await h.bus.commands.serve(`${prefix}.pricing.quote`, 'pricing', async (payload) => {
      if (silent.has('pricing')) return tooLate();
      const request = JSON.parse(payload) as {
        lines: { variantId: string; quantity: number }[];
        discountCodes: string[];
        shippingAmount: string;
        currency: string;
      };
      received['pricing.quote']!.push(request);
      const lines = request.lines.map((line) => {
        const unit = cents(prices.get(line.variantId) ?? '10.00');
        return { ...line, unit, subtotal: unit * line.quantity, discount: 0 };
      });
      const codes = request.discountCodes.map((code) => {
        if (code === 'SAVE10') {
          let total = 0;
          for (const line of lines) {
            line.discount = Math.round(line.subtotal / 10);
            total += line.discount;
          }
          return {
            code,
            codeId: SAVE10_ID,
            applied: total > 0,
            amount: dollars(total),
            refusal: total > 0 ? null : 'NOT_APPLICABLE',
          };
        }
        return { code, codeId: null, applied: false, amount: '0.00', refusal: code === 'OLD' ? 'EXPIRED' : 'UNKNOWN' };
      });
      const sum = (pick: (l: (typeof lines)[number]) => number) => lines.reduce((s2, l) => s2 + pick(l), 0);
      const shipping = cents(request.shippingAmount);
      return reply({
        currency: request.currency,
        taxIncluded: false,
        lines: lines.map((l) => ({
          variantId: l.variantId,
          quantity: l.quantity,
          unitPrice: dollars(l.unit),
          subtotal: dollars(l.subtotal),
          discounts:
            l.discount > 0 ? [{ source: 'CODE', id: SAVE10_ID, label: 'SAVE10', amount: dollars(l.discount) }] : [],
          discountTotal: dollars(l.discount),
          tax: dollars(Math.round((l.subtotal - l.discount) / 5)),
          total: dollars(l.subtotal - l.discount + Math.round((l.subtotal - l.discount) / 5)),
        })),
        unpricedVariantIds: [],
        codes,
        totals: {
          subtotal: dollars(sum((l) => l.subtotal)),
          discounts: dollars(sum((l) => l.discount)),
          shipping: dollars(shipping),
          shippingDiscount: '0.00',
          tax: dollars(sum((l) => Math.round((l.subtotal - l.discount) / 5))),
          grandTotal: dollars(
            sum((l) => l.subtotal - l.discount + Math.round((l.subtotal - l.discount) / 5)) + shipping,
          ),
        },
      });
    }),
    await h.bus.commands.serve(`${prefix}.shipping.quote`, 'shipping', async (payload) => {
      if (silent.has('shipping')) return tooLate();
      const request = JSON.parse(payload) as { destination: { country: string }; rateId: string | null };
      received['shipping.quote']!.push(request);
      const rate = (rateId: string, name: string, kind: string, price: string) => ({
        rateId,
        methodId: randomUUID(),
        methodName: name,
        kind,
        price,
        minDeliveryDays: 1,
        maxDeliveryDays: 5,
      });
      const rates =
        request.destination.country === 'US'
          ? [rate(STANDARD_RATE, 'Standard', 'STANDARD', '5.00'), rate(EXPRESS_RATE, 'Express', 'EXPRESS', '15.00')]
          : [];
      const selected = rates.find((r) => r.rateId === request.rateId) ?? null;
      return reply({
        rates,
        selected,
        error:
          rates.length === 0
            ? { code: 'NO_ZONE', message: 'Nothing ships there.' }
            : request.rateId && !selected
              ? { code: 'RATE_UNAVAILABLE', message: 'That rate no longer applies.' }
              : null,
      });
    }),
  ];
  h.onStop(async () => {
    await Promise.all(subscriptions.map((s) => s.drain()));
  });

  return {
    ...h,
    variant(options = {}) {
      const id = randomUUID();
      catalog.set(id, options.status === undefined ? 'ACTIVE' : options.status);
      stock.set(id, options.stock ?? 10_000);
      return id;
    },
    setStock: (variantId, units) => void stock.set(variantId, units),
    available,
    reservations: () => [...reservations.values()],
    silence: (service, on) => void (on ? silent.add(service) : silent.delete(service)),
    setPrice: (variantId, price) => void prices.set(variantId, price),
    requests: (command) => received[command]!,
  };
}

// --- Operations, as a client sends them -----------------------------------------------------------------------------

export const LINE_FIELDS = 'id variantId variant { id } quantity reservedUntil stockStatus available';
export const CART_FIELDS = `id currencyCode totalQuantity createdAt updatedAt lines { ${LINE_FIELDS} }`;

export interface LineBody {
  id: string;
  variantId: string;
  variant: { id: string } | null;
  quantity: number;
  reservedUntil: string | null;
  stockStatus: 'RESERVED' | 'EXPIRED' | 'OUT_OF_STOCK' | 'NOT_RESERVED';
  available: boolean;
}

export interface CartBody {
  id: string;
  currencyCode: string;
  totalQuantity: number;
  createdAt: string;
  updatedAt: string;
  lines: LineBody[];
}

export interface CartPayload {
  cart: CartBody | null;
  userErrors: UserErrorBody[];
}

export const CART_CREATE = `mutation ($input: CartCreateInput!) { cartCreate(input: $input) { cart { ${CART_FIELDS} } ${USER_ERRORS} } }`;
export const CART_LINES_ADD = `mutation ($input: CartLinesAddInput!) { cartLinesAdd(input: $input) { cart { ${CART_FIELDS} } ${USER_ERRORS} } }`;
export const CART = `query ($id: ID!) { cart(id: $id) { ${CART_FIELDS} } }`;
const MONEY = 'amount currencyCode';
export const COST_FIELDS = `cost { subtotal { ${MONEY} } discounts { code label amount { ${MONEY} } } discountTotal { ${MONEY} }
  shipping { ${MONEY} } tax { ${MONEY} } taxIncluded total { ${MONEY} } }
  discountCodes { code applicable refusal }
  shippingAddress { firstName lastName company line1 line2 city region postalCode country phone }
  shippingRates { id name kind price { ${MONEY} } minDeliveryDays maxDeliveryDays }
  selectedShippingRate { id name price { ${MONEY} } }`;
export const CART_WITH_COST = `query ($id: ID!) { cart(id: $id) { ${CART_FIELDS} ${COST_FIELDS} } }`;

export interface MoneyBody {
  amount: string;
  currencyCode: string;
}
export interface CostBody extends CartBody {
  cost: {
    subtotal: MoneyBody;
    discounts: { code: string | null; label: string; amount: MoneyBody }[];
    discountTotal: MoneyBody;
    shipping: MoneyBody | null;
    tax: MoneyBody;
    taxIncluded: boolean;
    total: MoneyBody;
  } | null;
  discountCodes: { code: string; applicable: boolean | null; refusal: string | null }[];
  shippingAddress: Record<string, string | null> | null;
  shippingRates: { id: string; name: string; kind: string; price: MoneyBody }[] | null;
  selectedShippingRate: { id: string; name: string; price: MoneyBody } | null;
}

/** Runs a cart mutation and answers its payload, with the cart's cost fields. */
export async function cartMutation(
  h: TestSubgraph,
  caller: Caller,
  field: string,
  input: Record<string, unknown>,
): Promise<{ cart: CostBody | null; userErrors: UserErrorBody[] }> {
  const inputType = `${field[0]!.toUpperCase()}${field.slice(1)}Input`;
  const query = `mutation ($input: ${inputType}!) { ${field}(input: $input) { cart { ${CART_FIELDS} ${COST_FIELDS} } ${USER_ERRORS} } }`;
  const data = await h.data<Record<string, { cart: CostBody | null; userErrors: UserErrorBody[] }>>(
    query,
    { input },
    caller,
  );
  return data[field]!;
}

export const variantGid = (variantId: string): string => gid('ProductVariant', variantId);
export const lines = (...items: [string, number][]) =>
  items.map(([variantId, quantity]) => ({ variantId: variantGid(variantId), quantity }));

export async function createCart(
  h: TestSubgraph,
  caller: Caller,
  input: { lines?: { variantId: string; quantity: number }[]; currencyCode?: string },
): Promise<CartPayload> {
  return (await h.data<{ cartCreate: CartPayload }>(CART_CREATE, { input }, caller)).cartCreate;
}

export async function addLines(
  h: TestSubgraph,
  caller: Caller,
  cartId: string,
  input: { variantId: string; quantity: number }[],
): Promise<CartPayload> {
  return (await h.data<{ cartLinesAdd: CartPayload }>(CART_LINES_ADD, { input: { cartId, lines: input } }, caller))
    .cartLinesAdd;
}

export async function readCart(h: TestSubgraph, caller: Caller, id: string): Promise<CartBody | null> {
  return (await h.data<{ cart: CartBody | null }>(CART, { id }, caller)).cart;
}

export const codes = (errors: UserErrorBody[]) => errors.map((e) => [e.code, e.field]);
