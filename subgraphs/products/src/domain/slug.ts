/**
 * Slugs for names: "Crème Brûlée Set!" becomes "creme-brulee-set". When that is taken, the first free
 * "-2", "-3"... suffix is used, so creating a product never fails because of a slug nobody chose.
 */
export function slugify(name: string, fallback: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 80)
    .replace(/^-+|-+$/g, '');
  return slug || fallback;
}

/** `base` if free, else `base-N` with the smallest free N ≥ 2, given the taken slugs that start with `base`. */
export function firstFreeSlug(base: string, taken: readonly string[]): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}
