import { actorOf, identityHasPermission, platformDepsOf } from '@shop/server';
import type { BaseContext, Identity, RequestContext, SubgraphDeps } from '@shop/server';
import { createLoaders, type Loaders } from './db/loaders';
import { createCatalog, type Catalog } from './domain/catalog';
import type { CatalogDeps } from './domain/deps';
import type { Viewer } from './domain/viewer';
import { CATALOG_WRITE } from './permissions';

/** What every products resolver receives: its use cases, bound to this request's viewer and loaders. */
export interface Context extends RequestContext<Viewer, Loaders> {
  catalog: Catalog;
}

export const catalogDepsOf = (deps: SubgraphDeps): CatalogDeps => platformDepsOf(deps);

export function viewerOf(identity: Identity): Viewer {
  return { seesAllStatuses: identityHasPermission(identity, CATALOG_WRITE), actor: actorOf(identity) };
}

export function createContext(base: BaseContext, deps: SubgraphDeps): Context {
  const viewer = viewerOf(base.identity);
  const loaders = createLoaders(deps.database.db);
  const catalog = createCatalog({ ...catalogDepsOf(deps), logger: base.logger }, viewer, loaders);
  return { ...base, viewer, loaders, catalog };
}
