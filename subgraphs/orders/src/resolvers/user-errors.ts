import { userErrorMapping } from '@shop/server';
import type { OrdersErrorCode as SdlErrorCode } from '../__generated__/resolvers-types';
import type { OrdersErrorCode } from '../domain/errors';

/** Mutation payloads with typed userErrors; compiles only while the SDL's OrdersErrorCode and the domain's are the same set. */
export const { payload } = userErrorMapping<SdlErrorCode, OrdersErrorCode>();
