import { isUuid, ok } from '@shop/core';
import { runInTransaction } from '@shop/db';
import { CarrierError } from '../carriers/types';
import { lockShipment, ordersByIds, shipmentsByIds, updateShipmentRow } from '../db/shipments.store';
import type { ShipmentRow } from '../db/schema';
import type { ShippingDeps } from './deps';
import { refuse, type ShippingResult } from './errors';
import { emitShipmentEvent } from './shipment-events';
import type { Viewer } from './viewer';

const CANCELLABLE: ReadonlySet<ShipmentRow['status']> = new Set(['PENDING', 'LABEL_PURCHASED']);

const notCancellable = () =>
  refuse('NOT_CANCELLABLE', 'The shipment is already with the carrier, delivered or cancelled.', ['id']);

/**
 * shipmentCancel: voids the label at the carrier (which refuses once it has the parcel), then marks the shipment
 * CANCELLED and announces `shipment.cancelled`; its units can ship again in another shipment.
 */
export async function cancelShipment(
  deps: ShippingDeps,
  viewer: Viewer,
  input: { id: string },
): Promise<ShippingResult<ShipmentRow>> {
  if (!isUuid(input.id)) return refuse('NOT_FOUND', 'No such shipment.', ['id']);
  const [shipment] = await shipmentsByIds(deps.db, [input.id]);
  if (!shipment) return refuse('NOT_FOUND', 'No such shipment.', ['id']);
  if (!CANCELLABLE.has(shipment.status)) return notCancellable();
  const carrier = deps.settings.carriers.get(shipment.carrier);
  if (shipment.carrierShipmentId) {
    if (!carrier) return refuse('LABEL_FAILED', `The carrier ${shipment.carrier} is not configured.`, ['id']);
    try {
      if (!(await carrier.cancel(shipment.carrierShipmentId))) return notCancellable();
    } catch (error) {
      if (!(error instanceof CarrierError)) throw error;
      return refuse('LABEL_FAILED', `The carrier did not void the label: ${error.message}`, ['id']);
    }
  }
  return runInTransaction(deps.db, async (tx) => {
    const current = await lockShipment(tx, shipment.id);
    if (!current || !CANCELLABLE.has(current.status)) return notCancellable();
    const cancelled = await updateShipmentRow(tx, current.id, { status: 'CANCELLED' });
    const [order] = await ordersByIds(tx, [current.orderId]);
    await emitShipmentEvent(deps, tx, 'shipment.cancelled', order!, cancelled, viewer.actor);
    return ok(cancelled);
  });
}
