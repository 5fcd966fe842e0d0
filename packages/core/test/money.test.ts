import {
  allocate,
  applyBasisPoints,
  currencyExponent,
  divRound,
  formatDecimal,
  parseDecimal,
  toMoney,
} from '../src/money';

describe('money on integer minor units', () => {
  it('knows each currency’s minor unit from ISO 4217', () => {
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(() => currencyExponent('usd')).toThrow(RangeError);
  });

  it('parses and formats decimals without floating point', () => {
    expect(parseDecimal('19.99', 'USD')).toBe(1999n);
    expect(parseDecimal('0.1', 'USD')).toBe(10n);
    expect(parseDecimal('-5', 'EUR')).toBe(-500n);
    expect(parseDecimal('1200', 'JPY')).toBe(1200n);
    expect(parseDecimal('999999999999999.99', 'USD')).toBe(99999999999999999n);
    expect(formatDecimal(1999n, 'USD')).toBe('19.99');
    expect(formatDecimal(5n, 'USD')).toBe('0.05');
    expect(formatDecimal(-500n, 'EUR')).toBe('-5.00');
    expect(formatDecimal(1200n, 'JPY')).toBe('1200');
    expect(toMoney(1234n, 'KWD')).toEqual({ amount: '1.234', currencyCode: 'KWD' });
  });

  it('refuses amounts finer than the currency’s minor unit and non-numbers', () => {
    expect(() => parseDecimal('1.999', 'USD')).toThrow(/at most 2 decimal places/);
    expect(() => parseDecimal('1.5', 'JPY')).toThrow(RangeError);
    expect(() => parseDecimal('1e3', 'USD')).toThrow(RangeError);
    expect(() => parseDecimal('', 'USD')).toThrow(RangeError);
    expect(() => parseDecimal('12,50', 'EUR')).toThrow(RangeError);
  });

  it('rounds half away from zero, once', () => {
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(divRound(4n, 3n)).toBe(1n);
    expect(divRound(5n, 3n)).toBe(2n);
    expect(applyBasisPoints(999n, 1250)).toBe(125n); // 12.5% of 9.99 = 1.24875 → 1.25
    expect(applyBasisPoints(1000n, 3333)).toBe(333n);
  });

  it('allocates an amount across weights so the parts always sum to it', () => {
    for (let trial = 0; trial < 500; trial++) {
      const amount = BigInt(Math.floor(Math.random() * 100000) - 20000);
      const weights = Array.from({ length: 1 + Math.floor(Math.random() * 8) }, () =>
        BigInt(Math.floor(Math.random() * 5000)),
      );
      const parts = allocate(amount, weights);
      const total = weights.reduce((a, b) => a + b, 0n);
      expect(parts.reduce((a, b) => a + b, 0n)).toBe(total === 0n ? 0n : amount);
    }
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
  });
});
