import { userError, type ShippingUserError } from './errors';
import { amountOf } from './values';

export const METHOD_KINDS = ['STANDARD', 'EXPRESS', 'PICKUP'] as const;
export type MethodKind = (typeof METHOD_KINDS)[number];
/** At most this many methods per zone and thresholds per method. */
export const MAX_METHODS_PER_ZONE = 50;
const MAX_THRESHOLDS = 30;

export interface MoneyInput {
  amount: string;
  currencyCode: string;
}

/** Free-shipping thresholds in minor units, one per currency. */
export function thresholdsOf(inputs: readonly MoneyInput[]): {
  thresholds: { currency: string; amountMinor: bigint }[];
  errors: ShippingUserError[];
} {
  const errors: ShippingUserError[] = [];
  const thresholds: { currency: string; amountMinor: bigint }[] = [];
  if (inputs.length > MAX_THRESHOLDS)
    return {
      thresholds,
      errors: [userError('INVALID', `Give at most ${MAX_THRESHOLDS} thresholds.`, ['freeShippingThresholds'])],
    };
  inputs.forEach((input, i) => {
    if (thresholds.some((t) => t.currency === input.currencyCode)) {
      errors.push(
        userError('INVALID', 'Give at most one threshold per currency.', ['freeShippingThresholds', i, 'currencyCode']),
      );
      return;
    }
    const amount = amountOf(input.amount, input.currencyCode, ['freeShippingThresholds', i, 'amount']);
    if ('error' in amount) errors.push(amount.error);
    else thresholds.push({ currency: input.currencyCode, amountMinor: amount.minor });
  });
  return { thresholds, errors };
}

export const kindOf = (kind: string): kind is MethodKind => (METHOD_KINDS as readonly string[]).includes(kind);
