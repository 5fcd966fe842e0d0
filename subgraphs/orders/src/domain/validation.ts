/** Validates a mutation input; each issue becomes an INVALID userError whose `field` points into `input`. */
export { parseInput } from './errors';
