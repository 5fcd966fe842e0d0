import { userError, type PricingUserError } from './errors';

export const COUNTRY = /^[A-Za-z]{2}$/;
export const REGION = /^[A-Za-z0-9]{1,3}$/;

export const checkBasisPoints = (bp: number | null | undefined): PricingUserError[] =>
  bp != null && (!Number.isInteger(bp) || bp < 0 || bp > 10000)
    ? [userError('INVALID', 'basisPoints must be between 0 and 10000.', ['basisPoints'])]
    : [];

/** Tax classes and rates share the rule for names. */
export const checkName = (name: string): PricingUserError[] =>
  name.trim().length === 0 || name.length > 100
    ? [userError('INVALID', 'A name of 1 to 100 characters is required.', ['name'])]
    : [];
