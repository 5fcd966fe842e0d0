import type { z } from 'zod';
import { failMany, ok } from '@shop/core';
import { userError, type InventoryResult } from './errors';

/** zod issues become INVALID userErrors with paths into `input`. */
export function validate<S extends z.ZodType>(schema: S, raw: unknown): InventoryResult<z.output<S>> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  return failMany(parsed.error.issues.map((issue) => userError('INVALID', issue.message, issue.path.map(String))));
}
