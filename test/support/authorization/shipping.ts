import type { Row } from '../authorization-table';

/** Shipping: the list is public; creating an item needs `shipping:write` (an empty name: a harmless userError). */
export const rows: Record<string, Row> = {
  'Query.shippingItems': {
    access: { kind: 'public' },
    operation: () => ({ query: `{ shippingItems(first: 1) { totalCount } }` }),
  },
  'Mutation.shippingItemCreate': {
    access: { kind: 'permission', permission: 'shipping:write' },
    operation: () => ({ query: `mutation { shippingItemCreate(input: { name: "" }) { userErrors { code } } }` }),
  },
};
