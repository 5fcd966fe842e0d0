import type { CommandHandlers } from '@shop/bus';
import type { CatalogDeps } from '../domain/deps';
import { handlePing } from './ping';
import { handleProductsGet } from './products-get';
import { handleVariantsGet, handleVariantsPage } from './variants-get';

/** Answers `cmd.products.*` (the platform serves them; the bus validates requests and replies against the command catalogue). */
export const commandHandlers = (deps: CatalogDeps): CommandHandlers => ({
  'products.ping': handlePing(),
  'products.productsGet': handleProductsGet(deps.db),
  'products.variantsGet': handleVariantsGet(deps.db),
  'products.variantsPage': handleVariantsPage(deps.db),
});
