import { cursorPart, pageWindow, toConnection, type Connection, type PageArgs } from '@shop/core';
import type { KeysetPage } from '@shop/db';
import { codesPage, countCodes } from '../db/codes.store';
import { countRules, rulesPage } from '../db/rules.store';
import type { DiscountCodeRow, PricingRuleRow, TaxRateRow } from '../db/schema';
import { countTaxRates, taxClassById, taxRatesPage } from '../db/tax.store';
import { createCode, deactivateCode, updateCode } from './codes';
import type { PricingDeps } from './deps';
import { setPrice } from './prices';
import { createRule, deleteRule, updateRule } from './rules';
import { createTaxClass, createTaxRate, deleteTaxRate, updateTaxRate } from './tax';

/** Keyset pages in id order (ids are UUIDv7, so that is creation order), in either direction. */
async function pageOf<R extends { id: string }>(
  args: PageArgs,
  fetch: (page: KeysetPage<string>) => Promise<R[]>,
  count: () => Promise<number>,
): Promise<Connection<R>> {
  const window = pageWindow(args, 1);
  const cursor = window.cursor ? cursorPart.uuid(window.cursor[0]) : null;
  const rows = await fetch({ cursor, backward: window.backward, limit: window.limit });
  return toConnection(rows, window, (row) => [row.id], count);
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
    listRules: (args: PageArgs): Promise<Connection<PricingRuleRow>> => pageOf(args, (page) => rulesPage(deps.db, page), () => countRules(deps.db)),
    listCodes: (args: PageArgs): Promise<Connection<DiscountCodeRow>> => pageOf(args, (page) => codesPage(deps.db, page), () => countCodes(deps.db)),
    listTaxRates: (args: PageArgs): Promise<Connection<TaxRateRow>> => pageOf(args, (page) => taxRatesPage(deps.db, page), () => countTaxRates(deps.db)),
  };
}

export type Pricing = ReturnType<typeof createPricing>;
