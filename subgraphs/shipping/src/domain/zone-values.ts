import type { ShippingUserError } from './errors';
import { userError } from './errors';
import { isCountryCode, isRegionCode } from '@shop/core';
import { countryOf } from './values';

/** At most this many countries and this many regions per zone. */
export const MAX_AREAS = 250;

export interface Area {
  country: string;
  /** '' for the whole country. */
  region: string;
}

/**
 * The areas a zone's input names, normalised (upper case, repeats dropped), with a userError per bad entry:
 * UNKNOWN_COUNTRY for a code that is not an assigned country, INVALID for a malformed region or too many entries.
 */
export function areasOf(
  countries: readonly string[],
  regions: readonly string[],
): { areas: Area[]; errors: ShippingUserError[] } {
  const errors: ShippingUserError[] = [];
  const seen = new Set<string>();
  const areas: Area[] = [];
  const add = (area: Area) => {
    const key = `${area.country}|${area.region}`;
    if (seen.has(key)) return;
    seen.add(key);
    areas.push(area);
  };
  if (countries.length > MAX_AREAS)
    errors.push(userError('INVALID', `Name at most ${MAX_AREAS} countries.`, ['countries']));
  if (regions.length > MAX_AREAS) errors.push(userError('INVALID', `Name at most ${MAX_AREAS} regions.`, ['regions']));
  if (errors.length > 0) return { areas, errors };
  countries.forEach((raw, i) => {
    const parsed = countryOf(raw, ['countries', i]);
    if ('error' in parsed) errors.push(parsed.error);
    else add({ country: parsed.country, region: '' });
  });
  regions.forEach((raw, i) => {
    const parsed = subdivisionOf(raw);
    if (!parsed)
      errors.push(
        userError('INVALID', 'A region is an ISO 3166-2 code: country, dash, subdivision, e.g. "US-CA".', [
          'regions',
          i,
        ]),
      );
    else if (!isCountryCode(parsed.country))
      errors.push(
        userError('UNKNOWN_COUNTRY', `"${parsed.country}" is not an ISO 3166-1 alpha-2 country code.`, ['regions', i]),
      );
    else add(parsed);
  });
  if (errors.length === 0 && areas.length === 0)
    errors.push(userError('INVALID', 'Name at least one country or region.', ['countries']));
  return { areas, errors };
}

/** "us-ca" → { country: 'US', region: 'CA' }; null when it is not shaped as an ISO 3166-2 code. */
export function subdivisionOf(raw: string): Area | null {
  const match = /^([A-Z]{2})-([A-Z0-9]{1,3})$/.exec(raw.trim().toUpperCase());
  if (!match || !isRegionCode(match[2]!)) return null;
  return { country: match[1]!, region: match[2]! };
}

/** An area as the API shows a region: "US-CA". */
export const regionCodeOf = (area: Area): string => `${area.country}-${area.region}`;

/** Where in the input an area came from, for an AREA_TAKEN error. */
export function pathOfArea(area: Area, countries: readonly string[], regions: readonly string[]): (string | number)[] {
  if (area.region === '') {
    const i = countries.findIndex((c) => c.trim().toUpperCase() === area.country);
    return i >= 0 ? ['countries', i] : ['countries'];
  }
  const i = regions.findIndex((r) => r.trim().toUpperCase() === regionCodeOf(area));
  return i >= 0 ? ['regions', i] : ['regions'];
}

export const areaTaken = (area: Area, path: (string | number)[]): ShippingUserError =>
  userError(
    'AREA_TAKEN',
    area.region === ''
      ? `Another zone already covers ${area.country}.`
      : `Another zone already covers ${area.country}-${area.region}.`,
    path,
  );
