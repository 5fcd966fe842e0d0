import { CommandError } from '@shop/bus';
import { newId } from '@shop/core';
import type { OrdersDeps } from './deps';

/** What a cart needs to know about a variant on sale. */
export interface SellableVariant {
  variantId: string;
  sku: string;
  weightGrams: number | null;
}

/**
 * The variants among `variantIds` that can be put in a cart: live variants of ACTIVE products (`products.variantsGet`).
 * Unknown, deleted, DRAFT and ARCHIVED all read as missing. 'UNAVAILABLE' when products did not answer: nothing may
 * then be added, since nobody could check the variants.
 */
export async function sellableVariants(
  deps: Pick<OrdersDeps, 'bus' | 'logger' | 'cart'>,
  variantIds: readonly string[],
): Promise<Map<string, SellableVariant> | 'UNAVAILABLE'> {
  const wanted = [...new Set(variantIds.map((id) => id.toLowerCase()))];
  const found = new Map<string, SellableVariant>();
  if (wanted.length === 0) return found;
  try {
    const { variants } = await deps.bus.call(
      'products.variantsGet',
      { idempotencyKey: newId(), variantIds: wanted },
      { timeoutMs: deps.cart.commandTimeoutMs },
    );
    for (const v of variants) {
      if (v.productStatus !== 'ACTIVE') continue;
      found.set(v.variantId.toLowerCase(), { variantId: v.variantId, sku: v.sku, weightGrams: v.weightGrams });
    }
    return found;
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    deps.logger.warn({ command: error.command, code: error.code }, 'products did not confirm variants; cart unchanged');
    return 'UNAVAILABLE';
  }
}
