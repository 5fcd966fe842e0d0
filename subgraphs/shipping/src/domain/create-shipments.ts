import { z } from 'zod';
import { isUuid, newId, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { CarrierError, type CarrierAddress, type Label } from '../carriers/types';
import {
  insertShipment,
  liveShipmentLinesOfOrder,
  deleteShipmentRows,
  lockOrder,
  updateShipmentRow,
} from '../db/shipments.store';
import type { OrderAddress, ShipmentRow } from '../db/schema';
import type { ShippingDeps } from './deps';
import { parseInput, refuse, type ShippingResult } from './errors';
import { planShipments } from './plan-shipments';
import { emitShipmentEvent } from './shipment-events';
import type { Viewer } from './viewer';

const shipmentCreateInput = z.object({
  orderId: z.string(),
  lines: z
    .array(
      z.object({
        variantId: z.string().refine(isUuid, 'Not a variant of the order.'),
        quantity: z.number().int().min(1, 'Ship at least 1 unit.').max(100_000, 'Ship at most 100000 units.'),
      }),
    )
    .min(1, 'Name at least one line, or omit lines to ship everything left.')
    .max(100, 'Name at most 100 lines.')
    .nullish(),
  service: z
    .string()
    .trim()
    .min(1, 'Name a service, or omit it for the standard one.')
    .max(50, 'Use at most 50 characters.')
    .regex(/^[a-z0-9_-]+$/i, 'A service is a carrier code such as "ground".')
    .nullish(),
});

export type ShipmentCreateInput = z.input<typeof shipmentCreateInput>;

/** The carrier's standard service when staff name none. */
export const DEFAULT_SERVICE = 'ground';

/** The carrier's address is the order's with the two names joined into one. */
export const destinationOf = ({ firstName, lastName, ...street }: OrderAddress): CarrierAddress => ({
  name: [firstName, lastName].filter(Boolean).join(' ') || null,
  ...street,
});

/**
 * shipmentCreate: plans one parcel per warehouse the stock was allocated from (plan-shipments.ts), writes them PENDING
 * under the order's row lock (two staff shipping the same order at once cannot ship a unit twice), then buys each
 * label outside any transaction, keyed by the shipment id (a retry never buys a second label). When every label is
 * bought, the shipments become LABEL_PURCHASED and `shipment.created` is announced for each; when one fails, the
 * labels already bought are voided, the shipments (never announced) are deleted and LABEL_FAILED says why.
 */
export async function createShipments(
  deps: ShippingDeps,
  viewer: Viewer,
  input: ShipmentCreateInput,
): Promise<ShippingResult<ShipmentRow[]>> {
  const parsed = parseInput(shipmentCreateInput, input);
  if (!parsed.ok) return parsed;
  const { orderId, lines, service = DEFAULT_SERVICE } = parsed.value;
  if (!isUuid(orderId)) return refuse('NOT_FOUND', 'No such order.', ['orderId']);
  const carrier = deps.settings.carriers.get(deps.settings.defaultCarrier)!;
  const planned = await runInTransaction(deps.db, async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order) return refuse('NOT_FOUND', 'No such order (or shipping has not heard of it yet).', ['orderId']);
    if (order.cancelledAt) return refuse('ORDER_CANCELLED', 'The order was cancelled.', ['orderId']);
    if (!order.shippingAddress) return refuse('NO_SHIPPING_ADDRESS', 'The order has no shipping address.', ['orderId']);
    const plan = planShipments(order, await liveShipmentLinesOfOrder(tx, order.id), lines ?? null);
    if (!plan.ok) return plan;
    const created: { shipment: ShipmentRow; weightGrams: number }[] = [];
    for (const parcel of plan.shipments) {
      const shipment = await insertShipment(
        tx,
        {
          id: newId(),
          orderId: order.id,
          warehouseId: parcel.warehouseId,
          carrier: carrier.name,
          service: service ?? DEFAULT_SERVICE,
          status: 'PENDING',
        },
        parcel.lines,
      );
      created.push({ shipment, weightGrams: parcel.weightGrams });
    }
    return ok({ order, created });
  });
  if (!planned.ok) return planned;
  const { order, created } = planned.value;

  const labels = new Map<string, Label>();
  let failure: string | null = null;
  for (const { shipment, weightGrams } of created) {
    try {
      labels.set(
        shipment.id,
        await carrier.purchaseLabel({
          idempotencyKey: shipment.id,
          service: shipment.service,
          from: deps.settings.origin,
          to: destinationOf(order.shippingAddress!),
          parcel: { weightGrams },
        }),
      );
    } catch (error) {
      if (!(error instanceof CarrierError)) {
        // A bug, not the carrier's answer: leave nothing behind that would hold the units, then fail loudly.
        await abandon(
          deps,
          created.map((c) => c.shipment),
          labels,
        );
        throw error;
      }
      deps.logger.warn({ err: error, shipmentId: shipment.id, carrier: carrier.name }, 'label purchase failed');
      failure = error.message;
      break;
    }
  }
  if (failure !== null) {
    await abandon(
      deps,
      created.map((c) => c.shipment),
      labels,
    );
    return refuse('LABEL_FAILED', `The carrier sold no label: ${failure}`, null);
  }
  return runInTransaction(deps.db, async (tx) => {
    const bought: ShipmentRow[] = [];
    for (const { shipment } of created) {
      const label = labels.get(shipment.id)!;
      const row = await updateShipmentRow(tx, shipment.id, {
        status: 'LABEL_PURCHASED',
        trackingNumber: label.trackingNumber,
        carrierShipmentId: label.carrierShipmentId,
        labelUrl: label.labelUrl,
      });
      await emitShipmentEvent(deps, tx, 'shipment.created', order, row, viewer.actor);
      bought.push(row);
    }
    return ok(bought);
  });
}

/**
 * Voids the labels bought for a create that failed half-way (best effort on the carrier) and deletes its shipments:
 * they were never announced, and their units are free to ship again.
 */
async function abandon(deps: ShippingDeps, shipments: ShipmentRow[], labels: Map<string, Label>): Promise<void> {
  const carrier = deps.settings.carriers.get(deps.settings.defaultCarrier)!;
  for (const [shipmentId, label] of labels) {
    await carrier.cancel(label.carrierShipmentId).catch((error: unknown) => {
      deps.logger.error({ err: error, shipmentId }, 'could not void the label of an abandoned shipment');
    });
  }
  await runInTransaction(deps.db, async (tx) => {
    await deleteShipmentRows(
      tx,
      shipments.map((s) => s.id),
    );
    return ok(null);
  });
}
