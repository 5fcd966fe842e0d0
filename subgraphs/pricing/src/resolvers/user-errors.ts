import { userErrorMapping } from '@shop/server';
import type { PricingErrorCode as SdlErrorCode } from '../__generated__/resolvers-types';
import type { PricingErrorCode } from '../domain/errors';

/** Mutation payloads with typed userErrors; compiles only while the SDL's PricingErrorCode and the domain's are the same set. */
export const { payload } = userErrorMapping<SdlErrorCode, PricingErrorCode>();
