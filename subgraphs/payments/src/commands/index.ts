import type { CommandHandlers } from '@shop/bus';
import { authorizePayment } from '../domain/authorize-payment';
import { capturePayment } from '../domain/capture-payment';
import type { PaymentsDeps } from '../domain/deps';
import { refundPayment } from '../domain/refund-payment';
import { voidPayment } from '../domain/void-payment';

/** Answers `cmd.payments.*` (the platform serves them; the bus validates requests and replies against the command catalogue). */
export const commandHandlers = (deps: PaymentsDeps): CommandHandlers => ({
  'payments.authorize': (request) => authorizePayment(deps, request),
  'payments.capture': (request) => capturePayment(deps, request),
  'payments.void': (request) => voidPayment(deps, request),
  'payments.refund': (request) => refundPayment(deps, request),
});
