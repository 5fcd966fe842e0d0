import type { Resolvers } from '../__generated__/resolvers-types';
import { Category } from './Category';
import { Media } from './Media';
import { categoryCreate } from './mutations/category-create';
import { categoryDelete } from './mutations/category-delete';
import { categoryUpdate } from './mutations/category-update';
import { mediaAdd } from './mutations/media-add';
import { mediaRemove } from './mutations/media-remove';
import { mediaReorder } from './mutations/media-reorder';
import { productCreate } from './mutations/product-create';
import { productDelete } from './mutations/product-delete';
import { productUpdate } from './mutations/product-update';
import { variantCreate } from './mutations/variant-create';
import { variantDelete } from './mutations/variant-delete';
import { variantUpdate } from './mutations/variant-update';
import { Product, ProductAttribute } from './Product';
import { ProductVariant } from './ProductVariant';
import { Query } from './Query';
import { DateTime } from '@shop/server';

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation: {
    productCreate,
    productUpdate,
    productDelete,
    variantCreate,
    variantUpdate,
    variantDelete,
    categoryCreate,
    categoryUpdate,
    categoryDelete,
    mediaAdd,
    mediaReorder,
    mediaRemove,
  },
  Product,
  ProductAttribute,
  ProductVariant,
  Category,
  Media,
};
