import type { ShippingDeps } from '../domain/deps';
import { createItem } from '../domain/create-item';
import { SYSTEM_VIEWER } from '../domain/viewer';

const DEMO_ITEMS = ['First shipping item', 'Second shipping item'];

/** The embedded demo's items, through the same use case the API uses. Idempotent: a name that exists is skipped. */
export async function seedDemoItems(deps: ShippingDeps): Promise<{ items: number }> {
  let items = 0;
  for (const name of DEMO_ITEMS) {
    const result = await createItem(deps, SYSTEM_VIEWER, { name });
    if (result.ok) items++;
    else if (result.errors.some((error) => error.code !== 'NAME_TAKEN'))
      throw new Error(`Seeding ${name} failed: ${JSON.stringify(result.errors)}`);
  }
  return { items };
}
