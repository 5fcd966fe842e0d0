export interface DemoAccount {
  email: string;
  /** Fixed, so the start-up banner can print it; only ever seeded into the embedded (development) runtime. */
  password: string;
  name: string;
  /** Staff permissions granted through auth; empty for a customer. */
  permissions: string[];
}

/**
 * The accounts the embedded runtime seeds (users' seed), printed at start so a developer can sign in at once. Shared
 * here because the embedded runtime's demo journey (packages/runtime) signs in with them through the gateway.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'customer@example.com', password: 'Shopper-Demo-Pass-2026!', name: 'Demo Customer', permissions: [] },
  { email: 'staff@example.com', password: 'Admin-Demo-Pass-2026!', name: 'Demo Staff', permissions: ['*'] },
];
