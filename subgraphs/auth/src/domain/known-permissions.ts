/**
 * Staff permissions are data (the `staff_permissions` table); this is the list of those that can be granted, with
 * what each allows. A user holding at least one is staff; `*` grants everything.
 */
export const USERS_MANAGE = 'users:manage';
export const SUPER_ADMIN = '*';

export const KNOWN_PERMISSIONS: readonly { name: string; description: string }[] = [
  { name: 'catalog:write', description: 'Create, change and delete products, variants, media and categories.' },
  { name: 'inventory:write', description: 'Change stock levels and warehouses.' },
  { name: 'pricing:write', description: 'Change prices, pricing rules, discount codes and tax rates.' },
  { name: 'orders:manage', description: 'See every order; change order status, cancel and refund.' },
  { name: 'users:read', description: 'See customer accounts.' },
  {
    name: USERS_MANAGE,
    description:
      'Change, disable and delete accounts holding no permission the holder lacks, see sessions, and grant or revoke the staff permissions the holder holds.',
  },
  { name: 'audit:read', description: 'Read the audit log.' },
  { name: 'reviews:moderate', description: 'Approve and reject reviews.' },
  { name: 'orders:write', description: 'Create orders items.' },
  {
    name: 'payments:manage',
    description: 'See every payment; capture, void and refund payments, decide risk reviews and reconcile the ledger.',
  },
  {
    name: 'shipping:manage',
    description: 'Manage shipping zones, methods and rates, and create and cancel shipments.',
  },
  { name: SUPER_ADMIN, description: 'Everything: every permission, present and future.' },
];

const known = new Set(KNOWN_PERMISSIONS.map((p) => p.name));

export const isKnownPermission = (permission: string): boolean => known.has(permission);

/** Whether a set of permissions includes `permission` (directly or through `*`). */
export const holds = (permissions: readonly string[], permission: string): boolean =>
  permissions.includes(permission) || permissions.includes(SUPER_ADMIN);
