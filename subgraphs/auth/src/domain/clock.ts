/**
 * Where auth's own notion of "now" comes from: session lifetimes, throttling delays, token and challenge expiry,
 * TOTP time steps, key rotation. Tests pass a clock they can move forward instead of waiting. Access-token `iat`
 * and `exp` always use the wall clock, because other services verify them against theirs.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const addSeconds = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000);
