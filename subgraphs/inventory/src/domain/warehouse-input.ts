import { z } from 'zod';
import type { StoredAddress } from '../db/schema';
import { refuse } from './errors';

/** What creating and updating a warehouse share: the address rules and the code-taken refusal. */

export const addressSchema = z.object({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).nullish(),
  city: z.string().trim().min(1).max(100),
  region: z.string().trim().max(100).nullish(),
  postalCode: z.string().trim().min(1).max(20),
  countryCode: z.string().regex(/^[A-Z]{2}$/, 'Use an ISO 3166-1 alpha-2 code, e.g. "DE".'),
});

export const toAddress = (a: z.output<typeof addressSchema>): StoredAddress => ({
  line1: a.line1,
  line2: a.line2 ?? null,
  city: a.city,
  region: a.region ?? null,
  postalCode: a.postalCode,
  countryCode: a.countryCode,
});

export const codeTaken = (code: string) => refuse('CODE_TAKEN', `Warehouse code "${code}" is already used.`, ['code']);
