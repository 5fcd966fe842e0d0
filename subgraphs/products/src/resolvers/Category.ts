import type { CategoryResolvers } from '../__generated__/resolvers-types';
import { categoryDepth } from '../domain/find-category';

export const Category: CategoryResolvers = {
  __resolveReference: async (reference, ctx) => ctx.loaders.categoryById.load(reference.id),
  depth: (category) => categoryDepth(category),
  parent: (category, _args, ctx) => (category.parentId ? ctx.loaders.categoryById.load(category.parentId) : null),
  ancestors: (category, _args, ctx) => ctx.catalog.categoryAncestors(category),
  children: (category, _args, ctx) => ctx.loaders.childrenByCategoryId.load(category.id),
  products: (category, args, ctx) => ctx.catalog.listProducts({ ...args, filter: { categoryId: category.id } }),
};
