import type { CartResolvers, CurrencyCode } from '../__generated__/resolvers-types';

export const Cart: CartResolvers = {
  // The same visibility as `cart(id)`: `_entities` of a cart that is not yours is null.
  __resolveReference: async (reference, ctx) => ctx.carts.findCart(reference.id),
  lines: (cart, _args, ctx) => ctx.carts.linesOf(cart),
  totalQuantity: async (cart, _args, ctx) =>
    (await ctx.carts.linesOf(cart)).reduce((sum, line) => sum + line.quantity, 0),
  currencyCode: (cart) => cart.currency as CurrencyCode,
  cost: async (cart, _args, ctx) => (await ctx.carts.quoteOf(cart)).cost,
  discountCodes: async (cart, _args, ctx) => (await ctx.carts.quoteOf(cart)).codes,
  shippingAddress: (cart) => cart.shippingAddress,
  shippingRates: async (cart, _args, ctx) => (await ctx.carts.quoteOf(cart)).rates,
  selectedShippingRate: async (cart, _args, ctx) => (await ctx.carts.quoteOf(cart)).selectedRate,
};
