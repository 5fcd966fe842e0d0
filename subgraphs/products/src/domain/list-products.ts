import {
  keysetConnection,
  badInput,
  cursorPart,
  isUuid,
  type Connection,
  type CursorValue,
  type PageArgs,
} from '@shop/core';
import type { Executor } from '@shop/db';
import {
  countProducts,
  findProductPage,
  type ProductFilterSpec,
  type ProductPageQuery,
  type ProductSortKey,
  type RankedProductRow,
} from '../db/products.store';
import type { ProductRow, ProductStatus } from '../db/schema';
import { attributeFilterCandidates } from './attributes';
import { MAX_ATTRIBUTE_FILTERS, MAX_ATTRIBUTE_FILTER_VALUES, MAX_SEARCH_LENGTH } from './limits';
import type { Viewer } from './viewer';

export interface ProductFilterArgs {
  categoryId?: string | null;
  status?: readonly ProductStatus[] | null;
  attributes?: readonly { name: string; values: readonly string[] }[] | null;
  search?: string | null;
}

export interface ProductListArgs extends PageArgs {
  filter?: ProductFilterArgs | null;
  sort?: ProductSortKey | null;
}

/** Cursors are [sort, sort key, id]: naming the sort makes a cursor from another ordering an error, not a silent skip. */
const CURSOR_LENGTH = 3;

function cursorOf(sort: ProductSortKey, row: RankedProductRow): CursorValue[] {
  switch (sort) {
    case 'NEWEST':
      return [sort, row.createdAt.toISOString(), row.id];
    case 'NAME':
      return [sort, row.name, row.id];
    case 'RELEVANCE':
      return [sort, row.rank, row.id];
  }
}

function keysetOf(sort: ProductSortKey, values: CursorValue[]): NonNullable<ProductPageQuery['cursor']> {
  const [tag, key, id] = values;
  cursorPart.tag(tag, sort);
  switch (sort) {
    case 'NEWEST':
      return { key: cursorPart.time(key), id: cursorPart.uuid(id) };
    case 'NAME':
      return { key: cursorPart.text(key), id: cursorPart.uuid(id) };
    case 'RELEVANCE':
      return { key: cursorPart.number(key), id: cursorPart.uuid(id) };
  }
}

/** Customers and anonymous callers only ever see ACTIVE products, whatever statuses they ask for. */
function visibleStatuses(viewer: Viewer, asked: readonly ProductStatus[] | null | undefined): ProductStatus[] | null {
  const wanted = asked && asked.length > 0 ? [...new Set(asked)] : null;
  if (viewer.seesAllStatuses) return wanted;
  return !wanted || wanted.includes('ACTIVE') ? ['ACTIVE'] : [];
}

function attributeConditions(asked: ProductFilterArgs['attributes']): ProductFilterSpec['attributes'] {
  const list = asked ?? [];
  if (list.length > MAX_ATTRIBUTE_FILTERS) {
    throw badInput(`Filter by at most ${MAX_ATTRIBUTE_FILTERS} attributes.`, ['filter', 'attributes']);
  }
  return list.map((attribute, index) => {
    if (attribute.values.length === 0 || attribute.values.length > MAX_ATTRIBUTE_FILTER_VALUES) {
      throw badInput(`Give 1 to ${MAX_ATTRIBUTE_FILTER_VALUES} values per attribute.`, [
        'filter',
        'attributes',
        String(index),
        'values',
      ]);
    }
    return { name: attribute.name, candidates: attribute.values.flatMap(attributeFilterCandidates) };
  });
}

/**
 * `products(filter, sort, first/after, last/before)`: one keyset-paginated statement for the page, and a
 * count only if `totalCount` is selected. Hidden products are filtered in SQL, never after the page is cut.
 */
export async function listProducts(
  db: Executor,
  viewer: Viewer,
  args: ProductListArgs,
): Promise<Connection<ProductRow>> {
  const filterArgs = args.filter ?? {};
  const search = filterArgs.search?.trim() || null;
  if (search && search.length > MAX_SEARCH_LENGTH) {
    throw badInput(`Search terms are at most ${MAX_SEARCH_LENGTH} characters.`, ['filter', 'search']);
  }
  const sort = args.sort ?? (search ? 'RELEVANCE' : 'NEWEST');
  if (sort === 'RELEVANCE' && !search)
    throw badInput('Sorting by RELEVANCE needs a search term in `filter.search`.', ['sort']);

  const filter: ProductFilterSpec = {
    statuses: visibleStatuses(viewer, filterArgs.status),
    categoryId: filterArgs.categoryId ?? null,
    attributes: attributeConditions(filterArgs.attributes),
    search,
  };
  const matchesNothing = filter.statuses?.length === 0 || (filter.categoryId !== null && !isUuid(filter.categoryId));
  return keysetConnection(args, {
    cursorLength: CURSOR_LENGTH,
    decode: (values) => keysetOf(sort, values),
    encode: (row: RankedProductRow) => cursorOf(sort, row),
    fetch: matchesNothing ? null : (page) => findProductPage(db, { filter, sort, ...page }),
    count: () => countProducts(db, filter),
  });
}
