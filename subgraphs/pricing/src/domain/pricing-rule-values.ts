import { isUuid } from '@shop/core';
import type { PricingRuleRow } from '../db/schema';
import { userError, type PricingUserError } from './errors';

/** A rule's editable values, as create and update would store them. */
export type RuleValues = Omit<PricingRuleRow, 'id' | 'createdAt'>;

/** The checks every rule must pass, on the values it would have after the change. */
export function checkRule(values: RuleValues): PricingUserError[] {
  const errors: PricingUserError[] = [];
  if (values.name.trim().length === 0 || values.name.length > 200)
    errors.push(userError('INVALID', 'A name of 1 to 200 characters is required.', ['name']));
  if (values.kind === 'FREE_SHIPPING')
    errors.push(
      userError('INVALID', 'Rules are PERCENTAGE or FIXED_AMOUNT; free shipping is a discount code.', ['kind']),
    );
  if (
    values.kind === 'PERCENTAGE' &&
    (values.basisPoints == null || values.basisPoints < 1 || values.basisPoints > 10000)
  ) {
    errors.push(userError('INVALID', 'A percentage rule needs basisPoints between 1 and 10000.', ['basisPoints']));
  }
  if (values.kind === 'FIXED_AMOUNT' && (values.amount == null || values.amount <= 0n || values.currency == null)) {
    errors.push(userError('INVALID', 'A fixed-amount rule needs a positive amount and its currency.', ['amount']));
  }
  if (values.productId !== null && !isUuid(values.productId))
    errors.push(userError('INVALID', 'Not a product id.', ['productId']));
  if (values.categoryId !== null && !isUuid(values.categoryId))
    errors.push(userError('INVALID', 'Not a category id.', ['categoryId']));
  if (values.minQuantity < 1 || values.minQuantity > 100000)
    errors.push(userError('INVALID', 'minQuantity must be between 1 and 100000.', ['minQuantity']));
  if (values.startsAt && values.endsAt && values.endsAt.getTime() <= values.startsAt.getTime()) {
    errors.push(userError('INVALID', 'The window must end after it starts.', ['endsAt']));
  }
  if (values.customerGroup !== null && (values.customerGroup.trim() === '' || values.customerGroup.length > 100)) {
    errors.push(userError('INVALID', 'A customer group is 1 to 100 characters.', ['customerGroup']));
  }
  return errors;
}
