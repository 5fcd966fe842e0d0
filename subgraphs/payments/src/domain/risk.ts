import type { RiskConfig } from '../config';
import type { RiskFacts } from '../db/intents.store';
import type { RiskDecision } from '../db/schema';

/** Why a payment looked risky: stable codes, shown to staff and stored with the intent. */
export type RiskReason =
  | 'CARD_VELOCITY'
  | 'EMAIL_VELOCITY'
  | 'IP_VELOCITY'
  | 'COUNTRY_MISMATCH'
  | 'HIGH_VALUE'
  | 'NEW_ACCOUNT'
  | 'DISPOSABLE_EMAIL';

export interface RiskAssessment {
  score: number;
  decision: RiskDecision;
  reasons: RiskReason[];
}

export interface RiskInput {
  amount: bigint;
  email: string | null;
  billingCountry: string | null;
  shippingCountry: string | null;
}

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * The risk rules (pure: the facts come from one query). Each rule that fires adds its weight; the thresholds in
 * config turn the score into a decision. `facts` counts earlier attempts, so "more than N" includes this one.
 */
export function assessRisk(config: RiskConfig, input: RiskInput, facts: RiskFacts): RiskAssessment {
  const reasons: RiskReason[] = [];
  let score = 0;
  const fire = (reason: RiskReason, weight: number) => {
    reasons.push(reason);
    score += weight;
  };
  const w = config.weights;
  if (config.velocityWindowSeconds > 0) {
    if (facts.cardAttempts + 1 > config.velocityMaxPerCard) fire('CARD_VELOCITY', w.cardVelocity);
    if (input.email && facts.emailAttempts + 1 > config.velocityMaxPerEmail) fire('EMAIL_VELOCITY', w.emailVelocity);
    if (facts.ipAttempts + 1 > config.velocityMaxPerIp) fire('IP_VELOCITY', w.ipVelocity);
  }
  if (input.billingCountry && input.shippingCountry && input.billingCountry !== input.shippingCountry)
    fire('COUNTRY_MISMATCH', w.countryMismatch);
  if (facts.historyCount === 0) fire('NEW_ACCOUNT', w.newAccount);
  else if (input.amount > facts.historyAverage * BigInt(config.highValueFactor)) fire('HIGH_VALUE', w.highValue);
  if (input.email && config.disposableDomains.includes(domainOf(input.email)))
    fire('DISPOSABLE_EMAIL', w.disposableEmail);
  const decision: RiskDecision = score >= config.rejectAt ? 'REJECT' : score >= config.reviewAt ? 'REVIEW' : 'APPROVE';
  return { score, decision, reasons };
}
