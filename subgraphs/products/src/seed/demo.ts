import { categoriesBySlugs } from '../db/categories.store';
import { liveProductsBySlugs } from '../db/products.store';
import { addMedia } from '../domain/add-media';
import { createCategory } from '../domain/create-category';
import { createProduct } from '../domain/create-product';
import type { CatalogDeps } from '../domain/deps';
import type { ProductResult } from '../domain/errors';
import { SYSTEM_ACTOR } from '@shop/events';
import { demoCategories, demoProducts } from './demo-catalog';

function valueOf<T>(result: ProductResult<T>, what: string): T {
  if (!result.ok)
    throw new Error(
      `Seeding ${what} failed: ${result.errors.map((e) => `${e.field?.join('.') ?? ''} ${e.code} ${e.message}`).join('; ')}`,
    );
  return result.value;
}

/**
 * Seeds the demo catalog through the same use cases the API uses, so the data is validated and every
 * product and variant is announced on the bus (inventory, pricing and search build their demo state from
 * those events). Idempotent: whatever already exists (by slug) is left alone, so a second run inserts nothing.
 */
export async function seedDemoCatalog(deps: CatalogDeps): Promise<{ categories: number; products: number }> {
  const categoryIds = new Map<string, string>();
  for (const row of await categoriesBySlugs(
    deps.db,
    demoCategories.map((c) => c.slug),
  ))
    categoryIds.set(row.slug, row.id);
  let categories = 0;
  for (const { parentSlug, ...category } of demoCategories) {
    if (categoryIds.has(category.slug)) continue;
    const parentId = parentSlug ? categoryIds.get(parentSlug) : null;
    const created = valueOf(await createCategory(deps, { ...category, parentId }), `category ${category.slug}`);
    categoryIds.set(created.slug, created.id);
    categories++;
  }

  const existing = new Set(
    (
      await liveProductsBySlugs(
        deps.db,
        demoProducts.map((p) => p.slug),
      )
    ).map((p) => p.slug),
  );
  let products = 0;
  for (const demo of demoProducts) {
    if (existing.has(demo.slug)) continue;
    const product = valueOf(
      await createProduct(deps, SYSTEM_ACTOR, { ...demo.input, categoryId: categoryIds.get(demo.category) ?? null }),
      `product ${demo.slug}`,
    );
    for (const media of demo.media) {
      valueOf(await addMedia(deps, SYSTEM_ACTOR, { ...media, productId: product.id }), `media of ${demo.slug}`);
    }
    products++;
  }
  return { categories, products };
}
