import { canonicalLocale, isCountryCode, isCurrencyCode, normalisePhone } from '@shop/core';
import { emailField } from '../src/domain/validation';

describe('input normal forms', () => {
  it('normalises emails (trim, lowercase) and refuses malformed or over-long ones', () => {
    expect(emailField.parse('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
    for (const bad of ['', 'ada', 'ada@', '@example.com', 'a b@example.com', `${'a'.repeat(250)}@example.com`]) {
      expect(emailField.safeParse(bad).success).toBe(false);
    }
  });

  it('accepts E.164 phone numbers, dropping the punctuation people type', () => {
    expect(normalisePhone('+44 7700 900123')).toBe('+447700900123');
    expect(normalisePhone('+1 (555) 555-0100')).toBe('+15555550100');
    for (const bad of ['07700 900123', '+0 123456789', '+12', '+1234567890123456', 'call me'])
      expect(normalisePhone(bad)).toBeNull();
  });

  it('canonicalises BCP 47 tags and refuses what is not one', () => {
    expect(canonicalLocale('en-gb')).toBe('en-GB');
    expect(canonicalLocale('zh-hant-tw')).toBe('zh-Hant-TW');
    for (const bad of ['en_GB', 'english please', 'e', '']) expect(canonicalLocale(bad)).toBeNull();
  });

  it('knows ISO 4217 currencies and ISO 3166-1 alpha-2 countries, not look-alikes', () => {
    expect(['EUR', 'GBP', 'JPY', 'USD'].every(isCurrencyCode)).toBe(true);
    expect(['XYZ', 'eur', 'EURO'].some(isCurrencyCode)).toBe(false);
    expect(['GB', 'DE', 'US', 'NO', 'AX'].every(isCountryCode)).toBe(true);
    // "EU", "UN" and "UK" are not ISO 3166-1 country codes ("UK" is exceptionally reserved; Britain is "GB").
    expect(['EU', 'UN', 'UK', 'XX', 'gb'].some(isCountryCode)).toBe(false);
  });
});
