import { isUuid } from '@shop/core';
import { deleteRuleRow } from '../db/rules.store';
import type { PricingDeps } from './deps';
import { refuse, type PricingResult } from './errors';

/** `pricingRuleDelete`: later quotes and shown prices no longer apply the rule. */
export async function deletePricingRule(
  deps: PricingDeps,
  input: { id: string },
): Promise<PricingResult<{ deletedPricingRuleId: string }>> {
  if (!isUuid(input.id) || !(await deleteRuleRow(deps.db, input.id)))
    return refuse('NOT_FOUND', 'No such pricing rule.', ['id']);
  return { ok: true, value: { deletedPricingRuleId: input.id } };
}
