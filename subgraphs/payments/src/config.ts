/**
 * Every tunable of payments in one place: the provider's time bound, capture mode and the risk rules' weights and
 * thresholds. Defaults suit production; each can be overridden through the environment (tests and benchmarks that
 * run many checkouts with one card turn velocity off with PAYMENTS_RISK_VELOCITY_WINDOW_SECONDS=0).
 */
export interface RiskConfig {
  /** Window for the velocity rules, in seconds (0 turns velocity off). */
  velocityWindowSeconds: number;
  /** Attempts within the window (this one included) above which each velocity rule fires. */
  velocityMaxPerCard: number;
  velocityMaxPerEmail: number;
  velocityMaxPerIp: number;
  /** An order worth more than this many times the customer's average is unusual. */
  highValueFactor: number;
  /** Score added by each rule. */
  weights: {
    cardVelocity: number;
    emailVelocity: number;
    ipVelocity: number;
    countryMismatch: number;
    highValue: number;
    newAccount: number;
    disposableEmail: number;
  };
  /** score < review: APPROVE; review ≤ score < reject: REVIEW (authorized, held); score ≥ reject: REJECT. */
  reviewAt: number;
  rejectAt: number;
  /** Email domains of throwaway mailboxes. */
  disposableDomains: readonly string[];
}

export interface PaymentsConfig {
  /** How long payments waits for the provider before recording FAILED/PROVIDER_UNAVAILABLE. */
  providerTimeoutMs: number;
  /** ON_SHIPMENT: captured when `shipment.shipped` arrives; IMMEDIATE: right after authorization. */
  captureMode: 'ON_SHIPMENT' | 'IMMEDIATE';
  /** How many days after delivery a customer may request a return. */
  returnWindowDays: number;
  risk: RiskConfig;
}

export const DEFAULT_RISK: RiskConfig = {
  velocityWindowSeconds: 600,
  velocityMaxPerCard: 5,
  velocityMaxPerEmail: 5,
  velocityMaxPerIp: 10,
  highValueFactor: 5,
  weights: {
    cardVelocity: 40,
    emailVelocity: 30,
    ipVelocity: 20,
    countryMismatch: 25,
    highValue: 30,
    newAccount: 15,
    disposableEmail: 30,
  },
  reviewAt: 50,
  rejectAt: 80,
  disposableDomains: [
    'mailinator.com',
    'guerrillamail.com',
    '10minutemail.com',
    'tempmail.com',
    'temp-mail.org',
    'yopmail.com',
    'trashmail.com',
    'throwawaymail.com',
    'getnada.com',
    'sharklasers.com',
  ],
};

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

export function paymentsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): PaymentsConfig {
  return {
    providerTimeoutMs: Math.max(1, intFrom(env, 'PAYMENTS_PROVIDER_TIMEOUT_MS', 10_000)),
    captureMode: env.PAYMENTS_CAPTURE_MODE === 'IMMEDIATE' ? 'IMMEDIATE' : 'ON_SHIPMENT',
    returnWindowDays: intFrom(env, 'PAYMENTS_RETURN_WINDOW_DAYS', 30),
    risk: {
      ...DEFAULT_RISK,
      velocityWindowSeconds: intFrom(env, 'PAYMENTS_RISK_VELOCITY_WINDOW_SECONDS', DEFAULT_RISK.velocityWindowSeconds),
      reviewAt: intFrom(env, 'PAYMENTS_RISK_REVIEW_AT', DEFAULT_RISK.reviewAt),
      rejectAt: intFrom(env, 'PAYMENTS_RISK_REJECT_AT', DEFAULT_RISK.rejectAt),
    },
  };
}
