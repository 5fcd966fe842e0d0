import { userErrorMapping } from '@shop/server';
import type { ShippingErrorCode as SdlErrorCode } from '../__generated__/resolvers-types';
import type { ShippingErrorCode } from '../domain/errors';

/** Mutation payloads with typed userErrors; compiles only while the SDL's ShippingErrorCode and the domain's are the same set. */
export const { payload } = userErrorMapping<SdlErrorCode, ShippingErrorCode>();
