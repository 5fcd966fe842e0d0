import type { ServiceBus } from '@shop/bus';
import { codesByText } from '../db/codes.store';
import { rulesPage } from '../db/rules.store';
import { taxClassByName } from '../db/tax.store';
import { backfillCatalog } from '../domain/backfill';
import { createDiscountCode } from '../domain/create-discount-code';
import { createPricingRule } from '../domain/create-pricing-rule';
import { createTaxClass } from '../domain/create-tax-class';
import { createTaxRate } from '../domain/create-tax-rate';
import type { PricingDeps } from '../domain/deps';
import { insertDemoPrices } from './bulk';

export const DEMO_CODE = 'WELCOME10';
export const DEMO_RULE = 'Bulk: 5% off 3 or more units';

export interface SeedOutcome {
  variants: number;
  prices: number;
}

/**
 * The embedded demo (idempotent: every step looks before it writes): prices in USD and EUR for every live variant
 * (learned through `products.variantsPage`), one automatic rule, the WELCOME10 code, a default tax class with
 * rates for California and Germany.
 */
export async function seedDemoPricing(deps: PricingDeps, bus: Pick<ServiceBus, 'call'>): Promise<SeedOutcome> {
  let prices = 0;
  const variants = await backfillCatalog(deps, bus, async (page) => {
    prices += await insertDemoPrices(
      deps.db,
      page.map((v) => v.variantId),
    );
  });
  if (
    !(await rulesPage(deps.db, { cursor: null, backward: false, limit: 100 })).some((rule) => rule.name === DEMO_RULE)
  ) {
    await createPricingRule(deps, {
      name: DEMO_RULE,
      kind: 'PERCENTAGE',
      basisPoints: 500,
      minQuantity: 3,
      priority: 10,
      stackable: true,
    });
  }
  if ((await codesByText(deps.db, [DEMO_CODE])).length === 0) {
    await createDiscountCode(deps, { code: DEMO_CODE, kind: 'PERCENTAGE', basisPoints: 1000, perCustomerLimit: 1 });
  }
  let standard = await taxClassByName(deps.db, 'Standard');
  if (!standard) {
    const created = await createTaxClass(deps, { name: 'Standard', isDefault: true });
    standard = created.ok ? created.value : null;
  }
  if (standard) {
    // RATE_EXISTS on a re-run is the expected, harmless outcome.
    await createTaxRate(deps, {
      taxClassId: standard.id,
      country: 'US',
      region: 'CA',
      basisPoints: 725,
      name: 'California sales tax',
    });
    await createTaxRate(deps, { taxClassId: standard.id, country: 'DE', basisPoints: 1900, name: 'Umsatzsteuer' });
  }
  return { variants, prices };
}
