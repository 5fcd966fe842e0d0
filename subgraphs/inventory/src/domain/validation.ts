/** Validates a mutation's input (the domain's `parseInput`, see errors.ts): zod issues become INVALID userErrors with paths into `input`. */
export { parseInput } from './errors';
