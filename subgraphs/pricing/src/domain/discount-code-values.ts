import type { DiscountCodeRow } from '../db/schema';
import { parseAmount } from './amounts';
import { userError, type PricingUserError } from './errors';

const CODE_PATTERN = /^[A-Za-z0-9_-]{3,64}$/;

/** A code's editable values, as create and update would store them. */
export type CodeValues = Omit<DiscountCodeRow, 'id' | 'createdAt' | 'usageCount' | 'active'>;

/** The checks every code must pass, on the values it would have after the change. */
export function checkCode(values: CodeValues, usageCount = 0): PricingUserError[] {
  const errors: PricingUserError[] = [];
  if (!CODE_PATTERN.test(values.code))
    errors.push(userError('INVALID', 'A code is 3 to 64 letters, digits, "-" or "_".', ['code']));
  if (
    values.kind === 'PERCENTAGE' &&
    (values.basisPoints == null || values.basisPoints < 1 || values.basisPoints > 10000)
  ) {
    errors.push(userError('INVALID', 'A percentage code needs basisPoints between 1 and 10000.', ['basisPoints']));
  }
  if (values.kind === 'FIXED_AMOUNT' && (values.amount == null || values.amount <= 0n)) {
    errors.push(userError('INVALID', 'A fixed-amount code needs a positive amount and its currency.', ['amount']));
  }
  if (values.usageLimit !== null && (values.usageLimit < 1 || values.usageLimit < usageCount)) {
    errors.push(
      userError('INVALID', `usageLimit must be at least 1 and at least the ${usageCount} uses so far.`, ['usageLimit']),
    );
  }
  if (values.perCustomerLimit !== null && values.perCustomerLimit < 1)
    errors.push(userError('INVALID', 'perCustomerLimit must be at least 1.', ['perCustomerLimit']));
  if (values.startsAt && values.endsAt && values.endsAt.getTime() <= values.startsAt.getTime()) {
    errors.push(userError('INVALID', 'The window must end after it starts.', ['endsAt']));
  }
  return errors;
}

/** An optional amount in the code's currency: a userError when there is no currency to read it in. */
export function amountIn(
  value: string | null | undefined,
  currency: string | null,
  field: string,
): bigint | null | PricingUserError {
  if (value == null) return null;
  if (!currency) return userError('INVALID', "Amounts need the code's currency.", ['currency']);
  return parseAmount(value, currency, field);
}
