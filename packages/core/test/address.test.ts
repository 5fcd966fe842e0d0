import { z } from 'zod';
import { postalAddressFields, toPostalAddress, userErrorsOf } from '../src';

const CODES = ['INVALID', 'BAD_COUNTRY', 'BAD_PHONE'] as const;
const { parseInput } = userErrorsOf(CODES, 'INVALID');

const ADDRESS = {
  firstName: ' Ada ',
  lastName: 'Lovelace',
  line1: '12 St James Sq',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'gb',
  phone: '+44 7700 900123',
};

describe('postalAddressFields', () => {
  const strict = z.object(postalAddressFields({ country: 'BAD_COUNTRY', phone: 'BAD_PHONE' }));
  const lenient = z.object(postalAddressFields({ country: 'BAD_COUNTRY', phone: 'BAD_PHONE', blankPhoneIsNone: true }));

  it('normalises what it accepts and stores left-out parts as null', () => {
    const parsed = parseInput(strict, { ...ADDRESS, line2: '  ' });
    expect(parsed.ok && toPostalAddress(parsed.value)).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: null,
      line1: '12 St James Sq',
      line2: null,
      city: 'London',
      region: null,
      postalCode: 'SW1Y 4JH',
      country: 'GB',
      phone: '+447700900123',
    });
  });

  it("refuses a bad country or phone with the caller's codes, and the rest with the domain's default", () => {
    const parsed = parseInput(strict, { ...ADDRESS, country: 'EU', phone: 'call me', postalCode: 'A_1' });
    expect(parsed.ok ? [] : parsed.errors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID', ['input', 'postalCode']],
      ['BAD_COUNTRY', ['input', 'country']],
      ['BAD_PHONE', ['input', 'phone']],
    ]);
  });

  it('takes a blank phone as none only when asked to', () => {
    expect(parseInput(strict, { ...ADDRESS, phone: ' ' }).ok).toBe(false);
    const lenientParsed = parseInput(lenient, { ...ADDRESS, phone: ' ' });
    expect(lenientParsed.ok && lenientParsed.value.phone).toBeNull();
  });
});
