import { isUuid } from '@shop/core';

/** Staff listings: keyset pages in either direction (at most 100), each cursor tagged with its list. */

/** A variant or warehouse filter that is not a UUID matches no row: the list is empty, not an error. */
export const namesNoRow = (
  given: { variantId?: string | null; warehouseId?: string | null } | null | undefined,
): boolean =>
  Boolean((given?.variantId && !isUuid(given.variantId)) || (given?.warehouseId && !isUuid(given.warehouseId)));
