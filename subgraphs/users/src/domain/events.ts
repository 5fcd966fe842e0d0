import type { EventData } from '@shop/events';
import type { VisibleUserRow } from '../db/schema';

/** The `data` of user.updated, built from the row the transaction wrote. */
export const userUpdatedData = (user: VisibleUserRow, changed: string[]): EventData<'user.updated'> => ({
  userId: user.id,
  email: user.email,
  status: user.status,
  changed,
});
