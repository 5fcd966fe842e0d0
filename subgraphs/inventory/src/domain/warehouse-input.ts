import { z } from 'zod';
import type { StoredAddress } from '../db/schema';
import { countryField, streetAddressFields } from '@shop/core';
import { refuse, type InventoryErrorCode } from './errors';

/** What creating and updating a warehouse share: the address rules and the code-taken refusal. */

/** A warehouse's address: the street rules every address shares (@shop/core), and its country. */
export const addressSchema = z.object({
  ...streetAddressFields(),
  countryCode: countryField<InventoryErrorCode>('INVALID'),
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
