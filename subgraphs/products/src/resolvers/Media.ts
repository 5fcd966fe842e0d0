import type { MediaResolvers } from '../__generated__/resolvers-types';
import { required } from './required';

export const Media: MediaResolvers = {
  __resolveReference: async (reference, ctx) => ctx.catalog.mediaReference(reference.id),
  product: async (media, _args, ctx) =>
    required(await ctx.loaders.productById.load(media.productId), `product ${media.productId}`),
  variant: (media, _args, ctx) => (media.variantId ? ctx.catalog.variantReference(media.variantId) : null),
};
