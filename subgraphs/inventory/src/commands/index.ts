import type { SubgraphDeps } from '@shop/server';
import type { InventoryDeps } from '../domain/deps';
import { commitReservation } from '../domain/commit-reservation';
import { releaseReservation } from '../domain/release-reservation';
import { reserveStock } from '../domain/reserve-stock';

/** Answers `cmd.inventory.*`; the bus validates requests and replies against the command catalogue. */
export async function registerCommands(deps: SubgraphDeps, inventory: InventoryDeps): Promise<void> {
  await deps.bus.serve('inventory.reserve', (request) => reserveStock(inventory, request));
  await deps.bus.serve('inventory.commit', (request) => commitReservation(inventory, request));
  await deps.bus.serve('inventory.release', (request) => releaseReservation(inventory, request));
}
