import type { MediaResolvers } from '../__generated__/resolvers-types';
import { required } from './user-errors';

export const Media: MediaResolvers = {
  __resolveReference: async (reference, ctx) => ctx.loaders.mediaById.load(reference.id),
  product: async (media, _args, ctx) => required(await ctx.loaders.productById.load(media.productId), `product ${media.productId}`),
  variant: (media, _args, ctx) => (media.variantId ? ctx.loaders.variantById.load(media.variantId) : null),
};
