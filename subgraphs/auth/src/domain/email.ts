import { sha256 } from './secrets';

/** The login identifier: trimmed and lowercased (the users subgraph owns the address as typed). */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** Throttle keys never contain the email itself, only its hash (the throttles table is not personal data). */
export const accountThrottleKey = (normalisedEmail: string): string => `login:account:${sha256(normalisedEmail)}`;
export const ipThrottleKey = (ip: string): string => `login:ip:${ip}`;
export const resetThrottleKey = (normalisedEmail: string): string => `reset:${sha256(normalisedEmail)}`;
export const mfaThrottleKey = (userId: string): string => `mfa:${userId}`;
