import { pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
import { codesPage } from '../db/codes.store';
import { rulesPage } from '../db/rules.store';
import type { DiscountCodeRow, PricingRuleRow, TaxRateRow } from '../db/schema';
import { taxClassById, taxRatesPage } from '../db/tax.store';
import { createCode, deactivateCode, updateCode } from './codes';
import type { PricingDeps } from './deps';
import { setPrice } from './prices';
import { createRule, deleteRule, updateRule } from './rules';
import { createTaxClass, createTaxRate, deleteTaxRate, updateTaxRate } from './tax';

/** Keyset pages in id order (ids are UUIDv7, so that is creation order), forward only. */
async function pageOf<R extends { id: string }>(
  args: PageArgs,
  fetch: (afterId: string | null, limit: number) => Promise<R[]>,
): Promise<Connection<R>> {
  const window = pageWindow({ first: args.first, after: args.after }, 1);
  const after = window.cursor?.[0];
  const rows = await fetch(typeof after === 'string' ? after : null, window.limit);
  return toConnection(rows, window, (row) => [row.id]);
}

/** The use cases, bound to the platform's dependencies (what resolvers call). */
export function createPricing(deps: PricingDeps) {
  return {
    setPrice: setPrice.bind(null, deps),
    createRule: createRule.bind(null, deps),
    updateRule: updateRule.bind(null, deps),
    deleteRule: deleteRule.bind(null, deps),
    createCode: createCode.bind(null, deps),
    updateCode: updateCode.bind(null, deps),
    deactivateCode: deactivateCode.bind(null, deps),
    createTaxClass: createTaxClass.bind(null, deps),
    createTaxRate: createTaxRate.bind(null, deps),
    updateTaxRate: updateTaxRate.bind(null, deps),
    deleteTaxRate: deleteTaxRate.bind(null, deps),
    taxClassOf: (id: string) => taxClassById(deps.db, id),
    listRules: (args: PageArgs): Promise<Connection<PricingRuleRow>> => pageOf(args, (after, limit) => rulesPage(deps.db, after, limit)),
    listCodes: (args: PageArgs): Promise<Connection<DiscountCodeRow>> => pageOf(args, (after, limit) => codesPage(deps.db, after, limit)),
    listTaxRates: (args: PageArgs): Promise<Connection<TaxRateRow>> => pageOf(args, (after, limit) => taxRatesPage(deps.db, after, limit)),
  };
}

export type Pricing = ReturnType<typeof createPricing>;
