import type { Connection, PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import type { TaxRateRow } from '../db/schema';
import { countTaxRates, taxRatesPage } from '../db/tax.store';
import { keysetPage } from './keyset-page';

/** `taxRates`: every rate, oldest first. */
export const listTaxRates = (db: Executor, args: PageArgs): Promise<Connection<TaxRateRow>> =>
  keysetPage(
    args,
    (page) => taxRatesPage(db, page),
    () => countTaxRates(db),
  );
