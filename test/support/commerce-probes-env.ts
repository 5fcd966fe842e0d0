/**
 * Environment of test/attacks/commerce-probes.test.ts, set before the runtime (and so every subgraph's settings) is
 * loaded: imported first by the test file. The probes check out many times with one test card in a few seconds
 * (payments' velocity rule off), capture at once so refunds have something to refund, and get generous command
 * timeouts on a loaded 2-core machine; the test payment provider takes webhooks signed with WEBHOOK_SECRET.
 */
export const WEBHOOK_SECRET = 'whsec_commerce_probes';
process.env.PAYMENTS_TEST_WEBHOOK_SECRET = WEBHOOK_SECRET;
/** The test carrier's tracking webhooks (a delivery, so returns can be probed). */
export const CARRIER_SECRET = 'carrier_commerce_probes';
process.env.SHIPPING_TEST_CARRIER_WEBHOOK_SECRET = CARRIER_SECRET;
process.env.PAYMENTS_RISK_VELOCITY_WINDOW_SECONDS = '0';
process.env.PAYMENTS_CAPTURE_MODE = 'IMMEDIATE';
process.env.CHECKOUT_COMMAND_TIMEOUT_MS = '60000';
process.env.CHECKOUT_AUTHORIZE_TIMEOUT_MS = '60000';
process.env.CHECKOUT_SAGA_DEADLINE_MS = '600000';
process.env.PAYMENTS_PROVIDER_TIMEOUT_MS = '2000';
