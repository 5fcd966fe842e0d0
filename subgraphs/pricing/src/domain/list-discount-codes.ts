import type { Connection, PageArgs } from '@shop/core';
import type { Executor } from '@shop/db';
import { codesPage, countCodes } from '../db/codes.store';
import type { DiscountCodeRow } from '../db/schema';
import { keysetPage } from './keyset-page';

/** `discountCodes`: every code, deactivated ones included, oldest first. */
export const listDiscountCodes = (db: Executor, args: PageArgs): Promise<Connection<DiscountCodeRow>> =>
  keysetPage(
    args,
    (page) => codesPage(db, page),
    () => countCodes(db),
  );
