/**
 * NATS subject matching, shared by both transports so that a filter means the same thing in the
 * embedded runtime as on a real server: tokens are separated by `.`, `*` matches exactly one token,
 * `>` (last token only) matches one or more.
 */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filter.split('.');
  const s = subject.split('.');
  for (let i = 0; i < f.length; i++) {
    const token = f[i];
    if (token === '>') return s.length > i;
    if (i >= s.length) return false;
    if (token !== '*' && token !== s[i]) return false;
  }
  return f.length === s.length;
}

export const matchesAny = (filters: readonly string[], subject: string): boolean =>
  filters.some((f) => subjectMatches(f, subject));

/**
 * The narrowest single subject that covers every filter. nats-server 2.9 accepts only one
 * `filter_subject` per consumer, and DESIGN.md §3 wants one durable consumer per service, so the
 * server filters by this covering subject and the transport drops (acks) the remainder client-side.
 * Example: `events.products.product.created` + `events.products.variant.created` → `events.products.>`.
 */
export function coveringFilter(filters: readonly string[]): string {
  if (filters.length === 0) throw new Error('a consumer needs at least one filter subject');
  const unique = [...new Set(filters)];
  if (unique.length === 1) return unique[0] as string;
  const split = unique.map((f) => f.split('.'));
  const common: string[] = [];
  for (let i = 0; ; i++) {
    const token = split[0]?.[i];
    // Wildcards end the literal prefix; a filter that ends here needs a parent `>` to stay covered.
    if (token === undefined || token === '*' || token === '>') break;
    if (!split.every((tokens) => tokens[i] === token && tokens.length > i + 1)) break;
    common.push(token);
  }
  return common.length === 0 ? '>' : `${common.join('.')}.>`;
}

/** Durable and stream names may not contain subject separators, wildcards or whitespace. */
export function assertValidName(kind: string, name: string): void {
  if (!/^[A-Za-z0-9_-]+$/.test(name))
    throw new Error(`invalid ${kind} name ${JSON.stringify(name)}: use letters, digits, '-' and '_'`);
}

/** Production names: stream `EVENTS`, subjects `events.<source>.<type>` and `cmd.<subgraph>.<name>`. */
export const defaultBusNaming = { streamName: 'EVENTS', eventPrefix: 'events', commandPrefix: 'cmd' } as const;
