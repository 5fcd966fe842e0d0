import type { Row } from '../authorization-table';

/** Orders: the list is public; creating an item needs `orders:write` (an empty name: a harmless userError). */
export const rows: Record<string, Row> = {
  'Query.ordersItems': {
    access: { kind: 'public' },
    operation: () => ({ query: `{ ordersItems(first: 1) { totalCount } }` }),
  },
  'Mutation.ordersItemCreate': {
    access: { kind: 'permission', permission: 'orders:write' },
    operation: () => ({ query: `mutation { ordersItemCreate(input: { name: "" }) { userErrors { code } } }` }),
  },
};
