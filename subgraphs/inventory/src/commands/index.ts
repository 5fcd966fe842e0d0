import type { SubgraphDeps } from '@shop/server';
import type { InventoryDeps } from '../domain/deps';
import { commitReservation, releaseReservation, reserveStock } from '../domain/reservations';

/** Answers `cmd.inventory.*`; the bus validates requests and replies against the command catalogue. */
export async function registerCommands(deps: SubgraphDeps, inventory: InventoryDeps): Promise<void> {
  await deps.bus.serve('inventory.reserve', (request) => reserveStock(inventory, request));
  await deps.bus.serve('inventory.commit', (request) => commitReservation(inventory, request));
  await deps.bus.serve('inventory.release', (request) => releaseReservation(inventory, request));
}
