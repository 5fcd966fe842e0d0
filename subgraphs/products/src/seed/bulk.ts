import { newId } from '@shop/core';
import { ensureRows, type Db } from '@shop/db';
import { categories, media, products, variants, type StoredAttribute } from '../db/schema';

/**
 * Benchmark data (`pnpm bench`): products "bench-product-1" to "bench-product-N" with V variants each, in
 * ten "bench-*" categories, inserted with multi-row statements in batches (10,000 products with 3 variants
 * take seconds). Unlike the demo seed it bypasses the use cases and emits no events: it only loads the
 * database for read benchmarks, and tens of thousands of outbox rows would benchmark the relay instead. Names, slugs and SKUs are deterministic, and rows that exist already are skipped, so
 * running it twice does not duplicate anything.
 */
export interface BulkCatalogOptions {
  products: number;
  variantsPerProduct: number;
  /** Products per transaction (default 1,000). */
  batchSize?: number;
}

export interface BulkCatalogResult {
  products: number;
  variants: number;
  media: number;
  milliseconds: number;
}

const adjectives = ['Classic', 'Everyday', 'Heritage', 'Modern', 'Rugged', 'Soft', 'Light', 'Warm', 'Bold', 'Quiet'];
const materials = [
  'cotton',
  'linen',
  'merino wool',
  'leather',
  'canvas',
  'ceramic',
  'oak',
  'steel',
  'bamboo',
  'silk',
  'lambswool',
];
const nouns = ['Shirt', 'Jacket', 'Mug', 'Lamp', 'Bag', 'Chair', 'Scarf', 'Boot', 'Bowl', 'Blanket', 'Tent', 'Hat'];
const sizes = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const BASE_TIME = Date.UTC(2024, 0, 1);
const BULK_CATEGORIES = 10;
/** Keeps one multi-row insert well under PostgreSQL's 65,535 bind parameters. */
const MAX_ROWS_PER_INSERT = 5000;

type Target = Db | { database: { db: Db } };

async function ensureCategories(db: Db): Promise<string[]> {
  const rows = [
    { id: newId(), parentId: null, name: 'Bench', slug: 'bench', path: 'bench', description: 'Benchmark data.' },
  ];
  const [rootId] = await ensureRows(db, categories, categories.slug, rows, (c) => c.slug);
  const children = Array.from({ length: BULK_CATEGORIES }, (_, i) => ({
    id: newId(),
    parentId: rootId!,
    name: `Bench ${i + 1}`,
    slug: `bench-${i + 1}`,
    path: `bench/bench-${i + 1}`,
    description: '',
  }));
  return ensureRows(db, categories, categories.slug, children, (c) => c.slug);
}

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export async function seedBulkCatalog(target: Target, options: BulkCatalogOptions): Promise<BulkCatalogResult> {
  const db = 'database' in target ? target.database.db : target;
  const started = Date.now();
  const batchSize = options.batchSize ?? 1000;
  const values =
    options.variantsPerProduct <= sizes.length
      ? sizes.slice(0, options.variantsPerProduct)
      : Array.from({ length: options.variantsPerProduct }, (_, i) => `V${i + 1}`);
  const categoryIds = await ensureCategories(db);
  const result: BulkCatalogResult = { products: 0, variants: 0, media: 0, milliseconds: 0 };

  for (let start = 0; start < options.products; start += batchSize) {
    const count = Math.min(batchSize, options.products - start);
    await db.transaction(async (tx) => {
      const productRows = Array.from({ length: count }, (_, i) => {
        const n = start + i;
        const number = String(n + 1);
        const adjective = adjectives[n % adjectives.length]!;
        const material = materials[Math.floor(n / adjectives.length) % materials.length]!;
        const noun = nouns[n % nouns.length]!;
        const attributes: StoredAttribute[] = [
          { name: 'material', type: 'TEXT', value: material },
          { name: 'organic', type: 'BOOLEAN', value: n % 3 === 0 },
          { name: 'weight_class', type: 'NUMBER', value: n % 5 },
        ];
        const createdAt = new Date(BASE_TIME + n * 1000);
        return {
          id: newId(),
          slug: `bench-product-${number}`,
          name: `${adjective} ${material} ${noun} ${number}`,
          description: `A ${adjective.toLowerCase()} ${noun.toLowerCase()} made of ${material}. Benchmark item ${number}.`,
          status: n % 20 === 0 ? ('DRAFT' as const) : ('ACTIVE' as const),
          categoryId: categoryIds[n % categoryIds.length]!,
          options: [{ name: 'Size', values }],
          attributes,
          createdAt,
          updatedAt: createdAt,
        };
      });
      const inserted = await tx
        .insert(products)
        .values(productRows)
        .onConflictDoNothing()
        .returning({ id: products.id, slug: products.slug });
      const numberOf = new Map(productRows.map((p) => [p.slug, p.slug.slice('bench-product-'.length)]));

      const variantRows = inserted.flatMap((product) =>
        values.map((value, position) => ({
          id: newId(),
          productId: product.id,
          sku: `BENCH-${numberOf.get(product.slug)}-${value}`,
          optionValues: [{ name: 'Size', value }],
          optionKey: JSON.stringify([['Size', value]]),
          weightGrams: 100 + position * 50,
          position,
        })),
      );
      for (const chunk of chunks(variantRows, MAX_ROWS_PER_INSERT)) {
        await tx.insert(variants).values(chunk).onConflictDoNothing();
      }
      const mediaRows = inserted.map((product) => ({
        id: newId(),
        productId: product.id,
        variantId: null,
        kind: 'IMAGE' as const,
        url: `https://images.example.com/bench/${product.slug}.jpg`,
        alt: '',
        position: 0,
      }));
      if (mediaRows.length > 0) await tx.insert(media).values(mediaRows);
      result.products += inserted.length;
      result.variants += variantRows.length;
      result.media += mediaRows.length;
    });
  }
  result.milliseconds = Date.now() - started;
  return result;
}
