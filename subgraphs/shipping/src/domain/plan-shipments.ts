import { userError, type ShippingUserError } from './errors';

/**
 * Which units go in which parcel: pure, so the split rules are tested on their own.
 * What is left to ship of a variant is what was sold less what live (not cancelled) shipments hold. Requested units
 * are taken from the warehouses inventory allocated them to, in allocation order, less what earlier shipments took
 * from each; units no allocation accounts for form a parcel of unknown warehouse (null).
 */

export interface PlanOrder {
  lines: readonly { variantId: string; quantity: number; weightGrams: number | null }[];
  allocations: readonly { variantId: string; warehouseId: string; quantity: number }[];
}

export interface ShippedLine {
  variantId: string;
  warehouseId: string | null;
  quantity: number;
}

export interface PlannedShipment {
  warehouseId: string | null;
  lines: { variantId: string; quantity: number }[];
  weightGrams: number;
}

const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);

export function planShipments(
  order: PlanOrder,
  shipped: readonly ShippedLine[],
  requested: readonly { variantId: string; quantity: number }[] | null,
): { ok: true; shipments: PlannedShipment[] } | { ok: false; errors: ShippingUserError[] } {
  const sold = new Map<string, number>();
  const weight = new Map<string, number>();
  for (const line of order.lines) {
    add(sold, line.variantId, line.quantity);
    weight.set(line.variantId, line.weightGrams ?? 0);
  }
  const shippedOf = new Map<string, number>();
  const shippedFrom = new Map<string, number>();
  for (const line of shipped) {
    add(shippedOf, line.variantId, line.quantity);
    add(shippedFrom, `${line.variantId}|${line.warehouseId ?? ''}`, line.quantity);
  }
  const left = (variantId: string) => (sold.get(variantId) ?? 0) - (shippedOf.get(variantId) ?? 0);

  const wanted = new Map<string, number>();
  const errors: ShippingUserError[] = [];
  if (requested === null) {
    for (const variantId of sold.keys()) if (left(variantId) > 0) wanted.set(variantId, left(variantId));
    if (wanted.size === 0) return { ok: false, errors: [userError('NOTHING_TO_SHIP', 'Everything has shipped.')] };
  } else {
    requested.forEach((line, i) => {
      if (!sold.has(line.variantId)) {
        errors.push(userError('NOTHING_TO_SHIP', 'The order has no line of this variant.', ['lines', i, 'variantId']));
        return;
      }
      const total = (wanted.get(line.variantId) ?? 0) + line.quantity;
      if (total > left(line.variantId))
        errors.push(
          userError('NOTHING_TO_SHIP', `Only ${left(line.variantId)} of this variant are left to ship.`, [
            'lines',
            i,
            'quantity',
          ]),
        );
      else wanted.set(line.variantId, total);
    });
    if (errors.length > 0) return { ok: false, errors };
  }

  const parcels = new Map<string, PlannedShipment>();
  const put = (warehouseId: string | null, variantId: string, quantity: number) => {
    const key = warehouseId ?? '';
    const parcel = parcels.get(key) ?? { warehouseId, lines: [], weightGrams: 0 };
    parcel.lines.push({ variantId, quantity });
    parcel.weightGrams += quantity * (weight.get(variantId) ?? 0);
    parcels.set(key, parcel);
  };
  // Allocations per variant and warehouse, in the order inventory gave them.
  const allocated = new Map<string, { warehouseId: string; quantity: number }[]>();
  for (const allocation of order.allocations) {
    const list = allocated.get(allocation.variantId) ?? [];
    const same = list.find((a) => a.warehouseId === allocation.warehouseId);
    if (same) same.quantity += allocation.quantity;
    else list.push({ warehouseId: allocation.warehouseId, quantity: allocation.quantity });
    allocated.set(allocation.variantId, list);
  }
  for (const [variantId, quantity] of wanted) {
    let rest = quantity;
    for (const allocation of allocated.get(variantId) ?? []) {
      const free = allocation.quantity - (shippedFrom.get(`${variantId}|${allocation.warehouseId}`) ?? 0);
      const take = Math.min(Math.max(free, 0), rest);
      if (take > 0) {
        put(allocation.warehouseId, variantId, take);
        rest -= take;
      }
    }
    if (rest > 0) put(null, variantId, rest);
  }
  // Known warehouses first (in allocation order), the unknown one last.
  const ordered = [...parcels.values()].sort((a, b) => (a.warehouseId === null ? 1 : b.warehouseId === null ? -1 : 0));
  return { ok: true, shipments: ordered };
}
