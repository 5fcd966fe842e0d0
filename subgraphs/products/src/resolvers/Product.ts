import type { ProductAttributeResolvers, ProductResolvers } from '../__generated__/resolvers-types';
import { formatAttributeValue } from '../domain/attributes';

export const Product: ProductResolvers = {
  // Other subgraphs' references (Review.product, ...) see exactly what `product(id)` shows this viewer.
  __resolveReference: async (reference, ctx) => ctx.catalog.productReference(reference.id),
  category: (product, _args, ctx) => (product.categoryId ? ctx.loaders.categoryById.load(product.categoryId) : null),
  variants: (product, _args, ctx) => ctx.loaders.liveVariantsByProductId.load(product.id),
  media: (product, _args, ctx) => ctx.loaders.mediaByProductId.load(product.id),
};

export const ProductAttribute: ProductAttributeResolvers = {
  value: (attribute) => formatAttributeValue(attribute),
};
