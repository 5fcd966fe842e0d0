import type { ProductAttributeResolvers, ProductConnectionResolvers, ProductResolvers } from '../__generated__/resolvers-types';
import { formatAttributeValue } from '../domain/attributes';

export const Product: ProductResolvers = {
  // Any product ever created resolves here, deleted or not: orders and reviews keep their references.
  __resolveReference: async (reference, ctx) => ctx.loaders.productById.load(reference.id),
  category: (product, _args, ctx) => (product.categoryId ? ctx.loaders.categoryById.load(product.categoryId) : null),
  variants: (product, _args, ctx) => ctx.loaders.liveVariantsByProductId.load(product.id),
  media: (product, _args, ctx) => ctx.loaders.mediaByProductId.load(product.id),
};

export const ProductAttribute: ProductAttributeResolvers = {
  value: (attribute) => formatAttributeValue(attribute),
};

export const ProductConnection: ProductConnectionResolvers = {
  totalCount: (connection) => connection.totalCount(),
};
