import { formatDecimal, isUuid } from '@shop/core';
import { deleteRuleRow, insertRule, ruleById, updateRuleRow } from '../db/rules.store';
import type { PricingRuleRow } from '../db/schema';
import { isUserError, parseAmount } from './amounts';
import type { PricingDeps } from './deps';
import type { DiscountKind } from './engine';
import { refuse, userError, type PricingResult, type PricingUserError } from './errors';
import { newId } from '@shop/core';

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

export interface UpdateRuleInput extends Omit<Partial<CreateRuleInput>, 'kind' | 'currency' | 'name'> {
  id: string;
  name?: string | null;
}

type RuleValues = Omit<PricingRuleRow, 'id' | 'createdAt'>;

/** The checks every rule must pass, on the values it would have after the change. */
function checkRule(values: RuleValues): PricingUserError[] {
  const errors: PricingUserError[] = [];
  if (values.name.trim().length === 0 || values.name.length > 200) errors.push(userError('INVALID', 'A name of 1 to 200 characters is required.', 'name'));
  if (values.kind === 'FREE_SHIPPING') errors.push(userError('INVALID', 'Rules are PERCENTAGE or FIXED_AMOUNT; free shipping is a discount code.', 'kind'));
  if (values.kind === 'PERCENTAGE' && (values.basisPoints == null || values.basisPoints < 1 || values.basisPoints > 10000)) {
    errors.push(userError('INVALID', 'A percentage rule needs basisPoints between 1 and 10000.', 'basisPoints'));
  }
  if (values.kind === 'FIXED_AMOUNT' && (values.amount == null || values.amount <= 0n || values.currency == null)) {
    errors.push(userError('INVALID', 'A fixed-amount rule needs a positive amount and its currency.', 'amount'));
  }
  if (values.productId !== null && !isUuid(values.productId)) errors.push(userError('INVALID', 'Not a product id.', 'productId'));
  if (values.categoryId !== null && !isUuid(values.categoryId)) errors.push(userError('INVALID', 'Not a category id.', 'categoryId'));
  if (values.minQuantity < 1 || values.minQuantity > 100000) errors.push(userError('INVALID', 'minQuantity must be between 1 and 100000.', 'minQuantity'));
  if (values.startsAt && values.endsAt && values.endsAt.getTime() <= values.startsAt.getTime()) {
    errors.push(userError('INVALID', 'The window must end after it starts.', 'endsAt'));
  }
  if (values.customerGroup !== null && (values.customerGroup.trim() === '' || values.customerGroup.length > 100)) {
    errors.push(userError('INVALID', 'A customer group is 1 to 100 characters.', 'customerGroup'));
  }
  return errors;
}

export async function createRule(deps: PricingDeps, input: CreateRuleInput): Promise<PricingResult<PricingRuleRow>> {
  const currency = input.currency ?? null;
  let amount: bigint | null = null;
  if (input.amount != null) {
    if (!currency) return refuse('INVALID', 'A fixed amount needs its currency.', 'currency');
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

/** Omitted fields keep their value; an explicit null clears an optional condition. */
const pick = <T>(next: T | undefined, current: T): T => (next === undefined ? current : next);

export async function updateRule(deps: PricingDeps, input: UpdateRuleInput): Promise<PricingResult<PricingRuleRow>> {
  const current = isUuid(input.id) ? await ruleById(deps.db, input.id) : null;
  if (!current) return refuse('NOT_FOUND', 'No such pricing rule.', 'id');
  let amount = current.amount;
  if (input.amount != null) {
    if (current.kind !== 'FIXED_AMOUNT' || !current.currency) return refuse('INVALID', 'Only fixed-amount rules have an amount.', 'amount');
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

export async function deleteRule(deps: PricingDeps, input: { id: string }): Promise<PricingResult<{ deletedPricingRuleId: string }>> {
  if (!isUuid(input.id) || !(await deleteRuleRow(deps.db, input.id))) return refuse('NOT_FOUND', 'No such pricing rule.', 'id');
  return { ok: true, value: { deletedPricingRuleId: input.id } };
}

export const ruleAmountText = (rule: PricingRuleRow): string | null =>
  rule.amount === null || rule.currency === null ? null : formatDecimal(rule.amount, rule.currency);
