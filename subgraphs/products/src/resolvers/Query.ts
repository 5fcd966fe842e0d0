import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  product: (_root, args, ctx) => ctx.catalog.findProduct(args),
  products: (_root, args, ctx) => ctx.catalog.listProducts(args),
  category: (_root, args, ctx) => ctx.catalog.findCategory(args),
  categories: (_root, args, ctx) => ctx.catalog.listCategories(args),
};
