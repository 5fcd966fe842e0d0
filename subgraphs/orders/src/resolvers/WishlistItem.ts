import type { WishlistItemResolvers } from '../__generated__/resolvers-types';

export const WishlistItem: WishlistItemResolvers = {
  variant: (item) => ({ id: item.variantId }),
  addedAt: (item) => item.createdAt,
};
