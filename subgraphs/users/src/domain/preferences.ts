import type { NotificationKind, StoredChannels, StoredPreferences } from '../db/schema';

/** Every notification kind, in the order of the SDL's NotificationKind (and of `UserPreferences.notifications`). */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'ORDER_UPDATES',
  'SHIPPING_UPDATES',
  'PRICE_DROPS',
  'BACK_IN_STOCK',
  'REVIEW_REPLIES',
  'SECURITY_ALERTS',
];

/** Security alerts by email cannot be turned off: they are how a user learns someone else got into the account. */
export const isRequiredChannel = (kind: NotificationKind, channel: keyof StoredChannels): boolean =>
  kind === 'SECURITY_ALERTS' && channel === 'email';

const channels = (email: boolean, sms: boolean, push: boolean): StoredChannels => ({ email, sms, push });

/**
 * What a new account starts with (and what account deletion resets to): no marketing without an explicit opt-in
 * (GDPR), transactional and security messages by email, no texts.
 */
export function defaultPreferences(): StoredPreferences {
  return {
    marketingConsent: { email: false, sms: false, push: false, updatedAt: null },
    notifications: {
      ORDER_UPDATES: channels(true, false, true),
      SHIPPING_UPDATES: channels(true, false, true),
      PRICE_DROPS: channels(false, false, false),
      BACK_IN_STOCK: channels(false, false, false),
      REVIEW_REPLIES: channels(true, false, false),
      SECURITY_ALERTS: channels(true, false, false),
    },
  };
}

/** Stored documents written before a kind existed still answer for every kind (with the default). */
export function notificationList(preferences: StoredPreferences): (StoredChannels & { kind: NotificationKind })[] {
  const defaults = defaultPreferences().notifications;
  return NOTIFICATION_KINDS.map((kind) => ({ kind, ...(preferences.notifications[kind] ?? defaults[kind]) }));
}
