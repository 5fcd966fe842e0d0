import type { GlobalIdMap } from '@shop/server';

/** The type each `ID` of schema/auth.graphql names, beside the objects' own `id`s (packages/server/src/global-ids.ts). */
export const globalIds: GlobalIdMap = {
  'Query.staffPermissions(userId:)': 'User',
  'SessionRevokeInput.sessionId': 'Session',
  'StaffPermissionsGrantInput.userId': 'User',
  'StaffPermissionsRevokeInput.userId': 'User',
  'LogoutPayload.revokedSessionIds': 'Session',
  'PasswordChangePayload.revokedSessionIds': 'Session',
  'SessionRevokePayload.revokedSessionIds': 'Session',
  'StaffPermissionsGrantPayload.userId': 'User',
  'StaffPermissionsRevokePayload.userId': 'User',
};
