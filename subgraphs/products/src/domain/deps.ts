import type { PlatformDeps } from '@shop/server';

/** What the catalog's use cases need from the platform: the database and the outbox. */
export type CatalogDeps = PlatformDeps;
