import { newId } from '@shop/core';
import { insertRule } from '../db/rules.store';
import type { PricingRuleRow } from '../db/schema';
import { isUserError, parseAmount } from './amounts';
import type { PricingDeps } from './deps';
import type { DiscountKind } from './engine';
import { refuse, type PricingResult } from './errors';
import { checkRule, type RuleValues } from './pricing-rule-values';

export interface CreateRuleInput {
  name: string;
  kind: DiscountKind;
  basisPoints?: number | null;
  amount?: string | null;
  currency?: string | null;
  productId?: string | null;
  categoryId?: string | null;
  customerGroup?: string | null;
  minQuantity?: number | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  priority?: number | null;
  stackable?: boolean | null;
}

/** `pricingRuleCreate`: an automatic discount applied to matching lines while its window is open. */
export async function createPricingRule(
  deps: PricingDeps,
  input: CreateRuleInput,
): Promise<PricingResult<PricingRuleRow>> {
  const currency = input.currency ?? null;
  let amount: bigint | null = null;
  if (input.amount != null) {
    if (!currency) return refuse('INVALID', 'A fixed amount needs its currency.', ['currency']);
    const parsed = parseAmount(input.amount, currency, 'amount');
    if (isUserError(parsed)) return { ok: false, errors: [parsed] };
    amount = parsed;
  }
  const values: RuleValues = {
    name: input.name,
    kind: input.kind,
    basisPoints: input.kind === 'PERCENTAGE' ? (input.basisPoints ?? null) : null,
    amount: input.kind === 'FIXED_AMOUNT' ? amount : null,
    currency: input.kind === 'FIXED_AMOUNT' ? currency : null,
    productId: input.productId ?? null,
    categoryId: input.categoryId ?? null,
    customerGroup: input.customerGroup ?? null,
    minQuantity: input.minQuantity ?? 1,
    startsAt: input.startsAt ?? null,
    endsAt: input.endsAt ?? null,
    priority: input.priority ?? 0,
    stackable: input.stackable ?? false,
  };
  const errors = checkRule(values);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: await insertRule(deps.db, { id: newId(), ...values }) };
}
