import type { Row } from '../authorization-table';

/** Payments: the list is public; creating an item needs `payments:write` (an empty name: a harmless userError). */
export const rows: Record<string, Row> = {
  'Query.paymentsItems': {
    access: { kind: 'public' },
    operation: () => ({ query: `{ paymentsItems(first: 1) { totalCount } }` }),
  },
  'Mutation.paymentsItemCreate': {
    access: { kind: 'permission', permission: 'payments:write' },
    operation: () => ({ query: `mutation { paymentsItemCreate(input: { name: "" }) { userErrors { code } } }` }),
  },
};
