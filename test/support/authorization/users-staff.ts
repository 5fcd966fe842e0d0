import { randomUUID } from 'node:crypto';
import { gid } from '@shop/testing';
import type { Row } from '../authorization-table';

const nowhereId = (typeName: string) => gid(typeName, randomUUID());

/**
 * Staff administration of accounts added for issue 8 (privilege escalation): userDelete needs `users:manage`. The
 * input is an unknown id, so an admitted caller gets NOT_FOUND and nothing is deleted.
 */
export const rows: Record<string, Row> = {
  'Mutation.userDelete': {
    access: { kind: 'permission', permission: 'users:manage' },
    operation: () => ({
      query: `mutation { userDelete(input: { userId: "${nowhereId('User')}" }) { userErrors { code } } }`,
    }),
  },
};
