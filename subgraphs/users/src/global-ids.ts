import type { GlobalIdMap } from '@shop/server';

/** The type each `ID` of schema/users.graphql names, beside the objects' own `id`s (packages/server/src/global-ids.ts). */
export const globalIds: GlobalIdMap = {
  'Query.user(id:)': 'User',
  'AddressUpdateInput.id': 'Address',
  'AddressDeleteInput.id': 'Address',
  'AddressDeletePayload.deletedAddressId': 'Address',
  'AccountDeletePayload.deletedUserId': 'User',
  'UserDisableInput.userId': 'User',
  'UserEnableInput.userId': 'User',
  'UserDeleteInput.userId': 'User',
  'UserDeletePayload.deletedUserId': 'User',
};
