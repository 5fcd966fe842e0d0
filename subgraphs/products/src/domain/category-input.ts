import { userError, type ProductUserError } from './errors';

export const categoryNotFoundById = (path: (string | number)[]): ProductUserError =>
  userError('NOT_FOUND', 'No category has this id.', path);

export const categorySlugTaken = (slug: string, path: (string | number)[]): ProductUserError =>
  userError('SLUG_TAKEN', `The slug "${slug}" is already used by another category.`, path);

/** Levels a path spans: "a/b/c" is 3. */
export const levelsOf = (path: string): number => path.split('/').length;

/** The path a category gets under a parent path (null for a top-level category). */
export const childPath = (parentPath: string | null, slug: string): string =>
  parentPath ? `${parentPath}/${slug}` : slug;

/** The parent's path of a path: "a/b" for "a/b/c", null for "a". */
export function parentPathOf(path: string): string | null {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? null : path.slice(0, cut);
}
