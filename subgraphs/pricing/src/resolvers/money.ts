import { toMoney, type Money } from '@shop/core';

/** Optional amounts are stored with a nullable currency (a percentage rule has neither). */
export const moneyOrNull = (minor: bigint | null, currency: string | null): Money | null =>
  minor === null || currency === null ? null : toMoney(minor, currency);
