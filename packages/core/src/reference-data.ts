/**
 * Code lists every subgraph checks input against (addresses, profiles, shipping zones). Currencies and locales come
 * from the runtime's ICU data (Node ships full ICU); ISO 3166-1 has no such API that excludes non-country regions
 * ("EU", "UN", "419"), so the officially assigned alpha-2 codes are listed here.
 */

const ISO_3166_1_ALPHA_2 = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
    'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
    'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
    'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
    'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
    'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

/** An officially assigned ISO 3166-1 alpha-2 country code, already uppercase. */
export const isCountryCode = (code: string): boolean => ISO_3166_1_ALPHA_2.has(code);

/** An ISO 3166-2 subdivision code without its country ("CA", "BY", "75"), already uppercase. */
export const isRegionCode = (code: string): boolean => /^[A-Z0-9]{1,3}$/.test(code);

let currencies: Set<string> | null = null;

/** A current ISO 4217 currency code (as the runtime's ICU data knows them), already uppercase. */
export function isCurrencyCode(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

/** The canonical form of a well-formed BCP 47 language tag ("en-gb" → "en-GB"), or null when it is not one. */
export function canonicalLocale(tag: string): string | null {
  if (!/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical ?? null;
  } catch {
    return null;
  }
}

/**
 * E.164: "+", a country code not starting with 0, 7 to 15 digits in all. The spaces, dots, dashes and brackets
 * people type are dropped first, so "+44 7700 900123" is stored as "+447700900123".
 */
export function normalisePhone(input: string): string | null {
  const compact = input.replace(/[\s.\-()]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : null;
}
