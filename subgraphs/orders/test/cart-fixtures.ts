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
  silence(service: 'products' | 'inventory', silent: boolean): void;
}

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
