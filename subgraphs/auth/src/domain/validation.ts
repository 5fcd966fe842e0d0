import { z } from 'zod';

/** Validates a mutation's input (the domain's `parseInput`, see errors.ts). */
export { parseInput } from './errors';

export const emailField = z.string().max(320, 'Use at most 320 characters.');
export const passwordField = z.string().max(1024, 'Use at most 1024 characters.');
export const tokenField = z.string().max(200, 'Not a valid token.');
export const codeField = z.string().max(40, 'Not a valid code.');
export const idField = z.string().max(100);
