import { subdivisionOf } from '../src/domain/cart-cost';

describe('subdivisionOf', () => {
  it.each([
    ['US', 'CA', 'CA'],
    ['US', ' us-ca ', 'CA'],
    ['GB', 'ENG', 'ENG'],
    ['US', 'GB-ENG', null],
    ['US', 'California', null],
    ['US', null, null],
    ['US', '', null],
    ['US', 'x'.repeat(10_000), null],
  ])('%s / %j → %j', (country, region, expected) => {
    expect(subdivisionOf(country, region)).toBe(expected);
  });
});
