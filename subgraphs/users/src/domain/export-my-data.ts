import { z } from 'zod';
import { failMany, ok } from '@shop/core';
import { addressesByUserIds } from '../db/addresses.store';
import { visibleUsersByIds } from '../db/users.store';
import type { UsersDeps } from './deps';
import { userError, type UsersResult, useCase } from './errors';
import { notificationList } from './preferences';
import { signedInUserId, type Viewer } from './viewer';

const EXPORT_SECTIONS = ['PROFILE', 'PREFERENCES', 'ADDRESSES'] as const;
type ExportSection = (typeof EXPORT_SECTIONS)[number];

const exportMyDataInput = z.object({ sections: z.array(z.enum(EXPORT_SECTIONS)).nullish() }).nullish();

export type ExportMyDataInput = z.input<typeof exportMyDataInput>;

export interface PersonalDataExport {
  /** Plain JSON (strings, numbers, booleans, arrays, objects): what the `JSON` scalar returns as is. */
  data: Record<string, unknown>;
  exportedAt: Date;
}

/**
 * exportMyData: the data-portability right (GDPR Art. 20): everything this subgraph stores about the signed-in
 * user, as one JSON document in a stable, documented shape. Internal bookkeeping (registration keys, outbox rows)
 * is not personal data about the user and is left out. Each export is logged (who, when, which parts) without
 * its contents.
 */
export const exportMyData = useCase(
  exportMyDataInput,
  async (deps: UsersDeps, viewer: Viewer, input): Promise<UsersResult<PersonalDataExport>> => {
    const userId = signedInUserId(viewer);
    const asked = input?.sections;
    const sections = new Set<ExportSection>(asked && asked.length > 0 ? asked : EXPORT_SECTIONS);

    const [user] = await visibleUsersByIds(deps.db, [userId]);
    if (!user || user.status === 'DELETED')
      return failMany([userError('NOT_FOUND', 'This account no longer exists.', null)]);
    const exportedAt = new Date();
    const data: Record<string, unknown> = { exportedAt: exportedAt.toISOString(), userId: user.id };
    if (sections.has('PROFILE')) {
      data.user = {
        id: user.id,
        email: user.email,
        name: user.name,
        phone: user.phone,
        locale: user.locale,
        preferredCurrency: user.preferredCurrency,
        status: user.status,
        createdAt: user.createdAt.toISOString(),
        updatedAt: user.updatedAt.toISOString(),
      };
    }
    if (sections.has('PREFERENCES')) {
      data.preferences = {
        marketingConsent: { ...user.preferences.marketingConsent },
        notifications: notificationList(user.preferences),
      };
    }
    if (sections.has('ADDRESSES')) {
      data.addresses = (await addressesByUserIds(deps.db, [user.id])).map((a) => ({
        id: a.id,
        firstName: a.firstName,
        lastName: a.lastName,
        company: a.company,
        line1: a.line1,
        line2: a.line2,
        city: a.city,
        region: a.region,
        postalCode: a.postalCode,
        country: a.country,
        phone: a.phone,
        isDefaultShipping: a.isDefaultShipping,
        isDefaultBilling: a.isDefaultBilling,
        createdAt: a.createdAt.toISOString(),
        updatedAt: a.updatedAt.toISOString(),
      }));
    }
    deps.logger.info({ userId, sections: [...sections] }, 'personal data exported');
    return ok({ data, exportedAt });
  },
);
