import { emptyConnection, pageWindow, writesThen, type Connection, type PageArgs } from '@shop/core';
import { clearLoaders, type Loaders } from '../db/loaders';
import type { OrderListFilter } from '../db/orders.store';
import type { OrderRow } from '../db/schema';
import type { OrdersDeps } from './deps';
import { checkoutResult, completeCheckout, type CheckoutCompleteInput } from './checkout-complete';
import { cancelOrder, type OrderCancelInput } from './order-cancel';
import { addOrderNote, type OrderNoteAddInput } from './order-note-add';
import { listOrders } from './order-queries';
import { updateOrderStatusByStaff, type OrderStatusUpdateInput } from './order-status-update';
import { mayReadOrdersOf, type Viewer } from './viewer';

/**
 * The order use cases bound to one request's viewer and loaders: what resolvers call. Reads answer only what the viewer
 * may see (an order is its customer's and staff's, nobody else's: others get null, through `_entities` too). Writes
 * clear the loaders afterwards, so fields resolved after a mutation read what was just written.
 */
export function orderUseCases(deps: OrdersDeps, viewer: Viewer, loaders: Loaders) {
  const write = writesThen(() => clearLoaders(loaders));
  return {
    findOrder: async (id: string): Promise<OrderRow | null> => {
      const order = await loaders.orderById.load(id);
      return order && mayReadOrdersOf(viewer, order.userId) ? order : null;
    },
    /** Staff's list (the shield checks `orders:manage`). */
    listOrders: (filter: OrderListFilter, args: PageArgs) => listOrders(deps.db, filter, args),
    /** User.orders: the user's own, or staff's view of them; nobody else's (the shield answers them first). */
    ordersOfUser: (userId: string, args: PageArgs): Promise<Connection<OrderRow>> =>
      mayReadOrdersOf(viewer, userId)
        ? listOrders(deps.db, { userId }, args)
        : Promise.resolve(emptyConnection(pageWindow(args, 2))),
    linesOf: (order: OrderRow) => loaders.linesByOrderId.load(order.id),
    historyOf: (order: OrderRow) => loaders.historyByOrderId.load(order.id),
    notesOf: async (order: OrderRow) => (viewer.manager ? loaders.notesByOrderId.load(order.id) : []),
    completeCheckout: write(async (input: CheckoutCompleteInput) =>
      checkoutResult(await completeCheckout(deps, viewer, input)),
    ),
    cancelOrder: write((input: OrderCancelInput) => cancelOrder(deps, viewer, input)),
    updateOrderStatus: write((input: OrderStatusUpdateInput) => updateOrderStatusByStaff(deps, viewer, input)),
    addOrderNote: write((input: OrderNoteAddInput) => addOrderNote(deps, viewer, input)),
  };
}

export type OrderUseCases = ReturnType<typeof orderUseCases>;
