/** Omitted fields keep their value; an explicit null clears an optional one (GraphQL's undefined vs null). */
export const pick = <T>(next: T | undefined, current: T): T => (next === undefined ? current : next);
