import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import type { NotificationKind, StoredChannels, StoredPreferences, VisibleUserRow } from '../db/schema';
import { lockVisibleUser, updateUserRow } from '../db/users.store';
import type { UsersDeps } from './deps';
import { userError, type UsersResult, type UsersUserError, useCase } from './errors';
import { userUpdatedData } from './events';
import { isRequiredChannel, NOTIFICATION_KINDS, notificationList } from './preferences';
import { runInTransaction } from '@shop/db';
import { requireActive, signedInUserId, type Viewer } from './viewer';

const CHANNELS = ['email', 'sms', 'push'] as const;
type Channel = (typeof CHANNELS)[number];

const channelsInput = { email: z.boolean().nullish(), sms: z.boolean().nullish(), push: z.boolean().nullish() };

const preferencesUpdateInput = z.object({
  marketingConsent: z.object(channelsInput).nullish(),
  notifications: z
    .array(
      z.object({ kind: z.enum(NOTIFICATION_KINDS as [NotificationKind, ...NotificationKind[]]), ...channelsInput }),
    )
    .max(NOTIFICATION_KINDS.length, `List each of the ${NOTIFICATION_KINDS.length} kinds at most once.`)
    .nullish(),
});
type Parsed = z.output<typeof preferencesUpdateInput>;

type ChannelPatch = Partial<Record<Channel, boolean | null | undefined>>;

/** The stored channels with the given ones applied (null and omitted keep the stored value). */
function applyChannels<T extends StoredChannels>(stored: T, patch: ChannelPatch): T {
  const next = { ...stored };
  for (const channel of CHANNELS) {
    const value = patch[channel];
    if (value != null) next[channel] = value;
  }
  return next;
}

/** Duplicate kinds and required channels turned off, each pointing at its entry of `input.notifications`. */
function notificationErrors(entries: NonNullable<Parsed['notifications']>): UsersUserError[] {
  const errors: UsersUserError[] = [];
  const seen = new Set<NotificationKind>();
  entries.forEach((entry, index) => {
    if (seen.has(entry.kind))
      errors.push(userError('INVALID', `${entry.kind} is listed more than once.`, ['notifications', index, 'kind']));
    seen.add(entry.kind);
    for (const channel of CHANNELS) {
      if (entry[channel] === false && isRequiredChannel(entry.kind, channel)) {
        errors.push(
          userError(
            'NOTIFICATION_REQUIRED',
            `${entry.kind} by ${channel} cannot be turned off: it is how you learn about access to your account.`,
            ['notifications', index, channel],
          ),
        );
      }
    }
  });
  return errors;
}

function nextPreferences(stored: StoredPreferences, given: Parsed, now: Date): StoredPreferences {
  const notifications = Object.fromEntries(
    notificationList(stored).map(({ kind, ...channels }) => [kind, channels]),
  ) as StoredPreferences['notifications'];
  for (const entry of given.notifications ?? [])
    notifications[entry.kind] = applyChannels(notifications[entry.kind], entry);

  let marketingConsent = stored.marketingConsent;
  if (given.marketingConsent) {
    const applied = applyChannels(marketingConsent, given.marketingConsent);
    // Consent is evidence: when it last changed is recorded with it (GDPR Art. 7(1)).
    if (CHANNELS.some((c) => applied[c] !== marketingConsent[c]))
      marketingConsent = { ...applied, updatedAt: now.toISOString() };
  }
  return { marketingConsent, notifications };
}

const sameChannels = (a: StoredChannels, b: StoredChannels) => CHANNELS.every((c) => a[c] === b[c]);

function samePreferences(a: StoredPreferences, b: StoredPreferences): boolean {
  if (!sameChannels(a.marketingConsent, b.marketingConsent)) return false;
  const left = notificationList(a);
  const right = notificationList(b);
  return left.every((entry, i) => sameChannels(entry, right[i]!));
}

/**
 * preferencesUpdate: the signed-in user's marketing consent and notification channels, partially updated.
 * Security alerts by email cannot be turned off (NOTIFICATION_REQUIRED). A real change emits `user.updated`
 * with changed ["preferences"] for the services that send messages.
 */
export const updatePreferences = useCase(
  preferencesUpdateInput,
  async (deps: UsersDeps, viewer: Viewer, input): Promise<UsersResult<VisibleUserRow>> => {
    const userId = signedInUserId(viewer);
    const errors = notificationErrors(input.notifications ?? []);
    if (errors.length > 0) return failMany(errors);
    return runInTransaction(deps.db, async (tx) => {
      const user = requireActive(await lockVisibleUser(tx, userId));
      const preferences = nextPreferences(user.preferences, input, new Date());
      if (samePreferences(preferences, user.preferences)) return ok(user);
      const updated = await updateUserRow(tx, user.id, { preferences });
      await deps.emit(tx, {
        type: 'user.updated',
        subject: user.id,
        data: userUpdatedData(updated, ['preferences']),
        actor: viewer.actor,
      });
      return ok(updated);
    });
  },
);
