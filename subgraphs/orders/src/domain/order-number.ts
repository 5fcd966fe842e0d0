import { randomInt } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A human-readable order number: the UTC date and six random Crockford base-32 characters, e.g. "261126-7K3QX9"
 * (about a billion per day; the unique index settles the unlikely clash). Nothing about the shop's volume leaks.
 */
export function newOrderNumber(now: Date = new Date()): string {
  const date = now.toISOString().slice(2, 10).replaceAll('-', '');
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += CROCKFORD[randomInt(32)];
  return `${date}-${suffix}`;
}
