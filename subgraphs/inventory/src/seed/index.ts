import { seedBulkInventory, type SeedTarget } from './bulk';

export { seedBulkInventory, DEMO_WAREHOUSES, demoQuantities, type SeedResult, type SeedTarget } from './bulk';

/** The embedded runtime's demo stock: the same routine as the benchmark's, over the demo catalog. */
export const seedDemoInventory = (target: SeedTarget) => seedBulkInventory(target);
