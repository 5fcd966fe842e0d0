import { newId } from '@shop/core';
import { USER_ERRORS, type UserErrorBody, gid } from '@shop/testing';
import { GUEST, knownVariant, setPrice, STAFF, startPricingHarness, type PricingHarness } from './fixtures';

let h: PricingHarness;
let classId: string;
let a: string;
let b: string;
beforeAll(async () => {
  h = await startPricingHarness('tax');
  a = (await knownVariant(h)).variantId;
  b = (await knownVariant(h)).variantId;
  await setPrice(h, a, 'USD', '10.00');
  await setPrice(h, b, 'USD', '0.99');
  await setPrice(h, a, 'EUR', '11.90');
  await setPrice(h, b, 'EUR', '0.99');
});
afterAll(async () => {
  await h?.stop();
});

const CLASS = `mutation ($input: TaxClassCreateInput!) { taxClassCreate(input: $input) { taxClass { id name isDefault } ${USER_ERRORS} } }`;
const RATE = `mutation ($input: TaxRateCreateInput!) { taxRateCreate(input: $input) { taxRate { id country region basisPoints name taxClass { name } } ${USER_ERRORS} } }`;
type RateBody = {
  taxRateCreate: {
    taxRate: { id: string; country: string; region: string | null; basisPoints: number } | null;
    userErrors: UserErrorBody[];
  };
};

describe('taxClassCreate and taxRateCreate / Update / Delete', () => {
  it('creates the default class and rates for a country and a region', async () => {
    const created = await h.data<{ taxClassCreate: { taxClass: { id: string; name: string; isDefault: boolean } } }>(
      CLASS,
      { input: { name: 'Standard', isDefault: true } },
      STAFF,
    );
    expect(created.taxClassCreate.taxClass).toMatchObject({ name: 'Standard', isDefault: true });
    classId = created.taxClassCreate.taxClass.id;
    const ca = await h.data<RateBody>(
      RATE,
      { input: { taxClassId: classId, country: 'us', region: 'ca', basisPoints: 725, name: 'CA' } },
      STAFF,
    );
    expect(ca.taxRateCreate.taxRate).toMatchObject({ country: 'US', region: 'CA', basisPoints: 725 });
    const de = await h.data<RateBody>(
      RATE,
      { input: { taxClassId: classId, country: 'DE', basisPoints: 1900, name: 'USt' } },
      STAFF,
    );
    expect(de.taxRateCreate.taxRate).toMatchObject({ country: 'DE', region: null });
  });

  it('refuses a duplicate class name, a second rate for one place, bad codes and unknown classes', async () => {
    const dup = await h.data<{ taxClassCreate: { userErrors: UserErrorBody[] } }>(
      CLASS,
      { input: { name: 'standard' } },
      STAFF,
    );
    expect(dup.taxClassCreate.userErrors[0]?.code).toBe('NAME_TAKEN');
    const twice = await h.data<RateBody>(
      RATE,
      { input: { taxClassId: classId, country: 'DE', basisPoints: 700, name: 'again' } },
      STAFF,
    );
    expect(twice.taxRateCreate.userErrors[0]?.code).toBe('RATE_EXISTS');
    const bad = await h.data<RateBody>(
      RATE,
      { input: { taxClassId: classId, country: 'Germany', basisPoints: 10001, name: 'x' } },
      STAFF,
    );
    expect(bad.taxRateCreate.userErrors.map((e) => e.field)).toEqual([
      ['input', 'basisPoints'],
      ['input', 'country'],
    ]);
    const unknown = await h.data<RateBody>(
      RATE,
      { input: { taxClassId: gid('TaxClass', newId()), country: 'FR', basisPoints: 2000, name: 'TVA' } },
      STAFF,
    );
    expect(unknown.taxRateCreate.userErrors[0]?.code).toBe('NOT_FOUND');
  });

  it('updates and deletes a rate; lists rates for staff', async () => {
    const fr = await h.data<RateBody>(
      RATE,
      { input: { taxClassId: classId, country: 'FR', basisPoints: 2000, name: 'TVA' } },
      STAFF,
    );
    const id = fr.taxRateCreate.taxRate!.id;
    const updated = await h.data<{ taxRateUpdate: { taxRate: { basisPoints: number; name: string } } }>(
      `mutation ($input: TaxRateUpdateInput!) { taxRateUpdate(input: $input) { taxRate { basisPoints name } ${USER_ERRORS} } }`,
      { input: { id, basisPoints: 550, name: 'TVA réduite' } },
      STAFF,
    );
    expect(updated.taxRateUpdate.taxRate).toEqual({ basisPoints: 550, name: 'TVA réduite' });
    const list = await h.data<{ taxRates: { edges: { node: { country: string; taxClass: { name: string } } }[] } }>(
      `{ taxRates { edges { node { country taxClass { name } } } } }`,
      {},
      STAFF,
    );
    expect(list.taxRates.edges.map((e) => e.node.country)).toEqual(['US', 'DE', 'FR']);
    const DELETE = `mutation ($input: TaxRateDeleteInput!) { taxRateDelete(input: $input) { deletedTaxRateId ${USER_ERRORS} } }`;
    expect((await h.data<{ taxRateDelete: unknown }>(DELETE, { input: { id } }, STAFF)).taxRateDelete).toEqual({
      deletedTaxRateId: id,
      userErrors: [],
    });
    expect(
      (await h.data<{ taxRateDelete: { userErrors: UserErrorBody[] } }>(DELETE, { input: { id } }, STAFF)).taxRateDelete
        .userErrors[0]?.code,
    ).toBe('NOT_FOUND');
  });
});

describe('tax in pricing.quote', () => {
  it('adds tax per line on top of tax-exclusive USD prices, rounding each line half away from zero', async () => {
    const q = await h.quote({
      currency: 'USD',
      lines: [
        { variantId: a, quantity: 1 },
        { variantId: b, quantity: 2 },
      ],
      customer: GUEST,
      shippingAddress: { country: 'US', region: 'CA' },
      shippingAmount: '0',
      discountCodes: [],
    });
    expect(q.taxIncluded).toBe(false);
    // 10.00 × 7.25% = 0.725 → 0.73; 1.98 × 7.25% = 0.14355 → 0.14 (a cart-level rounding would give 0.87 too, but per line is the rule).
    expect(q.lines.map((l) => [l.tax, l.total])).toEqual([
      ['0.73', '10.73'],
      ['0.14', '2.12'],
    ]);
    expect(q.totals).toMatchObject({ subtotal: '11.98', tax: '0.87', grandTotal: '12.85' });
  });

  it('extracts tax contained in tax-inclusive EUR prices without changing the total', async () => {
    const q = await h.quote({
      currency: 'EUR',
      lines: [
        { variantId: a, quantity: 1 },
        { variantId: b, quantity: 1 },
      ],
      customer: GUEST,
      shippingAddress: { country: 'DE', region: null },
      shippingAmount: '4.90',
      discountCodes: [],
    });
    expect(q.taxIncluded).toBe(true);
    // 11.90 contains 1.90 of 19% VAT; 0.99 contains 0.99 - round(0.99 / 1.19) = 0.99 - 0.83 = 0.16.
    expect(q.lines.map((l) => [l.tax, l.total])).toEqual([
      ['1.90', '11.90'],
      ['0.16', '0.99'],
    ]);
    expect(q.totals).toMatchObject({ subtotal: '12.89', tax: '2.06', grandTotal: '17.79' });
  });

  it('charges no tax where no rate applies (other region, other country)', async () => {
    const q = await h.quote({
      currency: 'USD',
      lines: [{ variantId: a, quantity: 1 }],
      customer: GUEST,
      shippingAddress: { country: 'US', region: 'OR' },
      shippingAmount: '0',
      discountCodes: [],
    });
    expect(q.totals.tax).toBe('0.00');
  });
});
