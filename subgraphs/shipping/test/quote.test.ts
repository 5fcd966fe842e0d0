import { newId } from '@shop/core';
import { rawId } from '@shop/testing';
import { methodOf, money, mutate, rateOf, startShippingHarness, zoneOf, type ShippingHarness } from './fixtures';

/** `shipping.quote` over the real bus: zone choice, bands, thresholds, order, the selected rate and both errors. */
let h: ShippingHarness;
let ids: Record<string, string>;
beforeAll(async () => {
  h = await startShippingHarness('quote');
  // Germany: weight-banded standard (free from 50 EUR), subtotal-banded express, flat pickup; USD for standard only.
  const de = await zoneOf(h, { name: 'Germany', countries: ['DE'] });
  const standard = await methodOf(h, {
    zoneId: de,
    name: 'DHL Paket',
    kind: 'STANDARD',
    minDeliveryDays: 2,
    maxDeliveryDays: 4,
    freeShippingThresholds: [money('50.00', 'EUR')],
  });
  const express = await methodOf(h, {
    zoneId: de,
    name: 'DHL Express',
    kind: 'EXPRESS',
    minDeliveryDays: 1,
    maxDeliveryDays: 1,
  });
  const pickup = await methodOf(h, { zoneId: de, name: 'Packstation', kind: 'PICKUP', minDeliveryDays: 2 });
  ids = {
    light: await rateOf(h, { methodId: standard, basis: 'WEIGHT', price: money('4.90', 'EUR'), maxWeightGrams: 2000 }),
    heavy: await rateOf(h, {
      methodId: standard,
      basis: 'WEIGHT',
      price: money('9.90', 'EUR'),
      minWeightGrams: 2000,
      maxWeightGrams: 31500,
    }),
    lightUsd: await rateOf(h, {
      methodId: standard,
      basis: 'WEIGHT',
      price: money('5.90', 'USD'),
      maxWeightGrams: 2000,
    }),
    expressSmall: await rateOf(h, {
      methodId: express,
      basis: 'SUBTOTAL',
      price: money('14.90', 'EUR'),
      maxSubtotal: '100',
    }),
    expressLarge: await rateOf(h, {
      methodId: express,
      basis: 'SUBTOTAL',
      price: money('9.90', 'EUR'),
      minSubtotal: '100',
    }),
    pickup: await rateOf(h, { methodId: pickup, basis: 'FLAT', price: money('3.90', 'EUR') }),
  };
  // The US ships as a whole with one rate; California has a zone of its own.
  const us = await zoneOf(h, { name: 'United States', countries: ['US'] });
  const ground = await methodOf(h, { zoneId: us, name: 'Ground', kind: 'STANDARD' });
  ids.ground = await rateOf(h, { methodId: ground, basis: 'FLAT', price: money('7.00', 'USD') });
  const ca = await zoneOf(h, { name: 'California', countries: [], regions: ['US-CA'] });
  const courier = await methodOf(h, { zoneId: ca, name: 'LA courier', kind: 'EXPRESS' });
  ids.courier = await rateOf(h, { methodId: courier, basis: 'FLAT', price: money('12.00', 'USD') });
  for (const key of Object.keys(ids)) ids[key] = rawId(ids[key]!);
});
afterAll(async () => {
  await h?.stop();
});

const DE = { country: 'DE', region: null, postalCode: '10115' };
const quoteDe = (weightGrams: number, subtotal: string, rateId: string | null = null, currency = 'EUR') =>
  h.quote({ currency, destination: DE, weightGrams, subtotal, rateId });
const summary = (rates: { rateId: string; methodName: string; price: string }[]) =>
  rates.map((r) => [r.methodName, r.price, Object.keys(ids).find((k) => ids[k] === r.rateId)]);

describe('shipping.quote', () => {
  it('offers one rate per method for the weight and subtotal, cheapest first, with the method facts', async () => {
    const q = await quoteDe(1500, '30.00');
    expect(summary(q.rates)).toEqual([
      ['Packstation', '3.90', 'pickup'],
      ['DHL Paket', '4.90', 'light'],
      ['DHL Express', '14.90', 'expressSmall'],
    ]);
    expect(q.rates[1]).toEqual({
      rateId: ids.light,
      methodId: expect.any(String),
      methodName: 'DHL Paket',
      kind: 'STANDARD',
      price: '4.90',
      minDeliveryDays: 2,
      maxDeliveryDays: 4,
    });
    expect(q).toMatchObject({ selected: null, error: null });
  });

  it('applies weight bands as [min, max): the boundary belongs to the upper band, and nothing past the last', async () => {
    expect(summary((await quoteDe(1999, '10')).rates)).toContainEqual(['DHL Paket', '4.90', 'light']);
    expect(summary((await quoteDe(2000, '10')).rates)).toContainEqual(['DHL Paket', '9.90', 'heavy']);
    expect(summary((await quoteDe(31499, '10')).rates)).toContainEqual(['DHL Paket', '9.90', 'heavy']);
    const tooHeavy = await quoteDe(31500, '10');
    expect(tooHeavy.rates.map((r) => r.methodName)).toEqual(['Packstation', 'DHL Express']);
  });

  it('applies subtotal bands and the free-shipping threshold from the threshold up (subtotal rounded down)', async () => {
    expect(summary((await quoteDe(100, '99.99')).rates)).toContainEqual(['DHL Express', '14.90', 'expressSmall']);
    expect(summary((await quoteDe(100, '100.00')).rates)).toContainEqual(['DHL Express', '9.90', 'expressLarge']);
    expect(summary((await quoteDe(100, '49.9999')).rates)).toContainEqual(['DHL Paket', '4.90', 'light']);
    const free = await quoteDe(5000, '50.00');
    expect(summary(free.rates)[0]).toEqual(['DHL Paket', '0.00', 'heavy']);
  });

  it('quotes only the rates in the cart currency, and none in a currency nobody priced', async () => {
    expect(summary((await quoteDe(500, '10', null, 'USD')).rates)).toEqual([['DHL Paket', '5.90', 'lightUsd']]);
    expect(await quoteDe(500, '10', null, 'JPY')).toEqual({ rates: [], selected: null, error: null });
  });

  it('returns the selected rate while it applies, and RATE_UNAVAILABLE once it does not', async () => {
    const chosen = await quoteDe(1500, '30.00', ids.light);
    expect(chosen.selected).toMatchObject({ rateId: ids.light, price: '4.90' });
    expect(chosen.error).toBeNull();
    const heavier = await quoteDe(2500, '30.00', ids.light);
    expect(heavier.selected).toBeNull();
    expect(heavier.error?.code).toBe('RATE_UNAVAILABLE');
    expect(summary(heavier.rates)).toContainEqual(['DHL Paket', '9.90', 'heavy']);
    const unknown = await quoteDe(1500, '30.00', newId());
    expect(unknown).toMatchObject({ selected: null, error: { code: 'RATE_UNAVAILABLE' } });
  });

  it('stops offering a rate once it is deleted or repriced', async () => {
    const zoneId = await zoneOf(h, { name: 'Austria', countries: ['AT'] });
    const methodId = await methodOf(h, { zoneId, name: 'Post AT', kind: 'STANDARD' });
    const rateGid = await rateOf(h, { methodId, basis: 'FLAT', price: money('5.00', 'EUR') });
    const rateId = rawId(rateGid);
    const AT = { country: 'AT', region: null, postalCode: null };
    expect(
      (await h.quote({ currency: 'EUR', destination: AT, weightGrams: 0, subtotal: '1', rateId })).selected?.price,
    ).toBe('5.00');
    await mutate(h, 'shippingRateUpdate', 'ShippingRateUpdateInput', 'shippingRate { id }', {
      id: rateGid,
      price: '6.00',
    });
    expect(
      (await h.quote({ currency: 'EUR', destination: AT, weightGrams: 0, subtotal: '1', rateId })).selected?.price,
    ).toBe('6.00');
    await mutate(h, 'shippingRateDelete', 'ShippingRateDeleteInput', 'deletedShippingRateId', { id: rateGid });
    expect(await h.quote({ currency: 'EUR', destination: AT, weightGrams: 0, subtotal: '1', rateId })).toEqual({
      rates: [],
      selected: null,
      error: { code: 'RATE_UNAVAILABLE', message: expect.any(String) },
    });
  });

  it('answers NO_ZONE for a destination no zone covers', async () => {
    const q = await h.quote({
      currency: 'EUR',
      destination: { country: 'BR', region: null, postalCode: null },
      weightGrams: 100,
      subtotal: '10',
      rateId: ids.light!,
    });
    expect(q).toEqual({ rates: [], selected: null, error: { code: 'NO_ZONE', message: expect.any(String) } });
  });

  it("prefers a region's own zone over its country's, and falls back to the country elsewhere", async () => {
    const at = (region: string | null) =>
      h.quote({
        currency: 'USD',
        destination: { country: 'US', region, postalCode: null },
        weightGrams: 0,
        subtotal: '1',
        rateId: null,
      });
    expect(summary((await at('CA')).rates)).toEqual([['LA courier', '12.00', 'courier']]);
    expect(summary((await at(' ca ')).rates)).toEqual([['LA courier', '12.00', 'courier']]);
    expect(summary((await at('NY')).rates)).toEqual([['Ground', '7.00', 'ground']]);
    expect(summary((await at('California, the golden state')).rates)).toEqual([['Ground', '7.00', 'ground']]);
    expect(summary((await at(null)).rates)).toEqual([['Ground', '7.00', 'ground']]);
  });

  it('refuses a malformed request at the bus (the contract is validated at the receiver)', async () => {
    await expect(
      h.quote({ currency: 'EUR', destination: DE, weightGrams: -1, subtotal: '1', rateId: null }),
    ).rejects.toThrow();
    await expect(
      h.quote({ currency: 'EUR', destination: DE, weightGrams: 1, subtotal: '-1', rateId: null }),
    ).rejects.toThrow();
  });
});
