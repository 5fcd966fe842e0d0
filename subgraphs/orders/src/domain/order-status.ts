import type { OrderStatus } from '../db/schema';

/**
 * The order state machine, in one table: from each status, where it may go. Everything that changes an order's status
 * (checkout, cancellation, staff, payment and shipment events) asks `mayMove` first; the store's compare-and-set on the
 * old status makes the check hold under concurrency.
 */
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['PROCESSING', 'SHIPPED', 'CANCELLED', 'PARTIALLY_REFUNDED', 'REFUNDED'],
  PROCESSING: ['SHIPPED', 'CANCELLED', 'PARTIALLY_REFUNDED', 'REFUNDED'],
  SHIPPED: ['DELIVERED', 'RETURNED', 'CANCELLED', 'PARTIALLY_REFUNDED', 'REFUNDED'],
  DELIVERED: ['RETURNED', 'PARTIALLY_REFUNDED', 'REFUNDED'],
  PARTIALLY_REFUNDED: ['PARTIALLY_REFUNDED', 'REFUNDED', 'SHIPPED', 'DELIVERED', 'RETURNED'],
  RETURNED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  CANCELLED: [],
  REFUNDED: [],
};

export const mayMove = (from: OrderStatus, to: OrderStatus): boolean => TRANSITIONS[from].includes(to);

/** Statuses staff may set by hand with orderStatusUpdate; the others follow checkout, cancellation and payments. */
export const STAFF_SETTABLE: readonly OrderStatus[] = ['PROCESSING', 'SHIPPED', 'DELIVERED', 'RETURNED'];

/** Until fulfilment starts, the customer may cancel their own order. */
export const CUSTOMER_CANCELLABLE: readonly OrderStatus[] = ['PENDING', 'CONFIRMED'];

/** Statuses nothing moves an order out of. */
export const isTerminal = (status: OrderStatus): boolean => TRANSITIONS[status].length === 0;
