import { badInput } from '@shop/core';

/** The arguments of `product(id, slug)` and `category(id, slug)`. */
export interface LookupArgs {
  id?: string | null;
  slug?: string | null;
}

export type LookupKey = { by: 'id'; value: string } | { by: 'slug'; value: string };

/** Exactly one of `id` and `slug` must be given; anything else is the caller's mistake, not an empty result. */
export function lookupKeyOf(args: LookupArgs, what: string): LookupKey {
  const { id, slug } = args;
  if ((id == null) === (slug == null)) throw badInput(`Pass exactly one of \`id\` or \`slug\` to look up a ${what}.`);
  return id != null ? { by: 'id', value: id } : { by: 'slug', value: slug! };
}
