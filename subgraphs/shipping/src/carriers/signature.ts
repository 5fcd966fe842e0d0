import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures as the common carrier and payment APIs make them: header `t=<unix seconds>,v1=<hex>`, where v1 is
 * HMAC-SHA256(secret, `${t}.${body}`). A delivery older or newer than `toleranceSeconds` is refused (a captured
 * delivery cannot be replayed later), and the comparison takes constant time.
 */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function sign(secret: string, body: Buffer | string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const mac = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
  return `t=${t},v1=${mac}`;
}

export function verifySignature(
  secret: string,
  header: string | undefined,
  body: Buffer,
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  if (!header || secret.length === 0) return false;
  const parts = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key && value) parts.set(key, [...(parts.get(key) ?? []), value]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  // Several v1 values are allowed while a secret rotates.
  return (parts.get('v1') ?? []).some((candidate) => {
    if (!/^[0-9a-f]{64}$/.test(candidate)) return false;
    return timingSafeEqual(Buffer.from(candidate, 'hex'), expected);
  });
}

/** A header's one value (Node gives arrays for repeated headers). */
export const headerOf = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};
