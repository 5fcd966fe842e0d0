import { isUuid } from '@shop/core';
import { ruleById, updateRuleRow } from '../db/rules.store';
import type { PricingRuleRow } from '../db/schema';
import { isUserError, parseAmount } from './amounts';
import type { CreateRuleInput } from './create-pricing-rule';
import type { PricingDeps } from './deps';
import { refuse, type PricingResult } from './errors';
import { pick } from './patch';
import { checkRule, type RuleValues } from './pricing-rule-values';

export interface UpdateRuleInput extends Omit<Partial<CreateRuleInput>, 'kind' | 'currency' | 'name'> {
  id: string;
  name?: string | null;
}

/** `pricingRuleUpdate`: a rule's kind and currency never change. */
export async function updatePricingRule(
  deps: PricingDeps,
  input: UpdateRuleInput,
): Promise<PricingResult<PricingRuleRow>> {
  const current = isUuid(input.id) ? await ruleById(deps.db, input.id) : null;
  if (!current) return refuse('NOT_FOUND', 'No such pricing rule.', ['id']);
  let amount = current.amount;
  if (input.amount != null) {
    if (current.kind !== 'FIXED_AMOUNT' || !current.currency)
      return refuse('INVALID', 'Only fixed-amount rules have an amount.', ['amount']);
    const parsed = parseAmount(input.amount, current.currency, 'amount');
    if (isUserError(parsed)) return { ok: false, errors: [parsed] };
    amount = parsed;
  }
  const values: RuleValues = {
    name: input.name ?? current.name,
    kind: current.kind,
    basisPoints: current.kind === 'PERCENTAGE' ? (input.basisPoints ?? current.basisPoints) : null,
    amount,
    currency: current.currency,
    productId: pick(input.productId, current.productId),
    categoryId: pick(input.categoryId, current.categoryId),
    customerGroup: pick(input.customerGroup, current.customerGroup),
    minQuantity: input.minQuantity ?? current.minQuantity,
    startsAt: pick(input.startsAt, current.startsAt),
    endsAt: pick(input.endsAt, current.endsAt),
    priority: input.priority ?? current.priority,
    stackable: input.stackable ?? current.stackable,
  };
  const errors = checkRule(values);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: await updateRuleRow(deps.db, current.id, values) };
}
