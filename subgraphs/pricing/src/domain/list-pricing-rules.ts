import type { Connection, PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import { countRules, rulesPage } from '../db/rules.store';
import type { PricingRuleRow } from '../db/schema';
import { keysetPage } from './keyset-page';

/** `pricingRules`: every rule, oldest first. */
export const listPricingRules = (db: Executor, args: PageArgs): Promise<Connection<PricingRuleRow>> =>
  keysetPage(
    args,
    (page) => rulesPage(db, page),
    () => countRules(db),
  );
