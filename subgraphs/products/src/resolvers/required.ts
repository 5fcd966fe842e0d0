/** A row the schema guarantees (a foreign key): its absence is a bug, reported as one. */
export function required<T>(value: T | null | undefined, what: string): T {
  if (value == null) throw new Error(`${what} is missing`);
  return value;
}
