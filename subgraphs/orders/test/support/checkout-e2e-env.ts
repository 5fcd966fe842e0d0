/**
 * Environment of the checkout e2e test, set before the runtime (and so every subgraph's settings) is loaded: imported
 * first by the test file. Many checkouts with one test card in a few seconds are what this test does on purpose, so
 * payments' velocity rule is off; stock is reserved by checkout itself (cart holds are the cart's own tests'
 * subject); and command timeouts are generous, for a loaded machine.
 */
process.env.CART_RESERVATIONS = 'off';
process.env.PAYMENTS_RISK_VELOCITY_WINDOW_SECONDS = '0';
process.env.CHECKOUT_COMMAND_TIMEOUT_MS = '120000';
process.env.CHECKOUT_AUTHORIZE_TIMEOUT_MS = '120000';
process.env.CHECKOUT_SAGA_DEADLINE_MS = '600000';
process.env.PAYMENTS_PROVIDER_TIMEOUT_MS = '2000';
// A server error in the crowd is a defect to find: its log lines reach the CI log (the harness is silent by default).
process.env.TEST_LOG_LEVEL ??= 'error';
