import type { SubgraphDeps } from '@shop/server';
import { handlePing } from './ping';
import { handleProductsGet } from './products-get';
import { handleVariantsGet, handleVariantsPage } from './variants-get';

/** Answers `cmd.products.*`; the bus validates requests and replies against the command catalogue. */
export async function registerCommands(deps: SubgraphDeps): Promise<void> {
  await deps.bus.serve('products.ping', handlePing());
  await deps.bus.serve('products.productsGet', handleProductsGet(deps.database.db));
  await deps.bus.serve('products.variantsGet', handleVariantsGet(deps.database.db));
  await deps.bus.serve('products.variantsPage', handleVariantsPage(deps.database.db));
}
