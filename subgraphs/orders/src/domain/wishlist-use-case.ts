import type { z } from 'zod';
import type { OrdersDeps } from './deps';
import { refuse, useCase, type OrdersResult } from './errors';
import type { Viewer } from './viewer';

const signInRequired = () => refuse('SIGN_IN_REQUIRED', 'Sign in to keep a wishlist.', null);

/**
 * A wishlist mutation: a wishlist is its owner's, so a caller who is not signed in is refused before the input is
 * read (SIGN_IN_REQUIRED, whatever the input); then the input is validated as `useCase` does and `run` gets the
 * caller's user id.
 */
export const wishlistUseCase = <S extends z.ZodType, T>(
  schema: S,
  run: (deps: OrdersDeps, userId: string, input: z.output<S>) => Promise<OrdersResult<T>>,
) => {
  const validated = useCase(schema, run);
  return async (deps: OrdersDeps, viewer: Viewer, input: z.input<S>): Promise<OrdersResult<T>> =>
    viewer.userId === null ? signInRequired() : validated(deps, viewer.userId, input);
};
