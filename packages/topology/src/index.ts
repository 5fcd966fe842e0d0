/**
 * The single source of truth for what runs where. `pnpm topology` renders docker-compose.yml from it,
 * `pnpm start:distributed` spawns one process per entry, the embedded runtime loads every subgraph in it,
 * and the gateway derives its default subgraph URLs from it, so none of them can drift.
 */

export interface SubgraphService {
  name: string;
  /** Port in the distributed runtime (and inside its container). */
  port: number;
  /** Workspace package that exports the subgraph definition from `src/service.ts`. */
  packageDir: string;
}

export const GATEWAY_PORT = 4000;

export const subgraphs: readonly SubgraphService[] = [
  { name: 'products', port: 4001, packageDir: 'subgraphs/products' },
  { name: 'users', port: 4002, packageDir: 'subgraphs/users' },
  { name: 'auth', port: 4003, packageDir: 'subgraphs/auth' },
  // After products: their seeds read the catalog through products.variantsPage.
  { name: 'inventory', port: 4004, packageDir: 'subgraphs/inventory' },
  { name: 'pricing', port: 4005, packageDir: 'subgraphs/pricing' },
  { name: 'reviews', port: 4006, packageDir: 'subgraphs/reviews' },
  { name: 'orders', port: 4007, packageDir: 'subgraphs/orders' },
  { name: 'payments', port: 4008, packageDir: 'subgraphs/payments' },
  { name: 'shipping', port: 4009, packageDir: 'subgraphs/shipping' },
];

/** Environment variable holding a subgraph's URL for the gateway, e.g. PRODUCTS_URL. */
export const urlVariable = (name: string): string => `${name.toUpperCase()}_URL`;

/** Environment variable that points one subgraph at its own database, e.g. PRODUCTS_DATABASE_URL. */
export const databaseUrlVariable = (name: string): string => `${name.toUpperCase()}_DATABASE_URL`;
