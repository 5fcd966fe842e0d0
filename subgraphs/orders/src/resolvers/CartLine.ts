import type { CartLineResolvers } from '../__generated__/resolvers-types';
import { lineStockStatus } from '../domain/cart-line-status';

export const CartLine: CartLineResolvers = {
  variant: (line) => ({ id: line.variantId }),
  reservedUntil: (line) => (lineStockStatus(line) === 'RESERVED' ? line.reservedUntil : null),
  stockStatus: (line) => lineStockStatus(line),
  available: (line) => lineStockStatus(line) !== 'OUT_OF_STOCK',
  cost: (line, _args, ctx) => ctx.carts.lineCostOf(line),
};
