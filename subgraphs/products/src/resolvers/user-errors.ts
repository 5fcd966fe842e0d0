import { userErrorMapping } from '@shop/server';
import type { ProductErrorCode as SdlErrorCode } from '../__generated__/resolvers-types';
import type { ProductErrorCode } from '../domain/errors';

/** Mutation payloads with typed userErrors; compiles only while the SDL's ProductErrorCode and the domain's are the same set. */
export const { payload } = userErrorMapping<SdlErrorCode, ProductErrorCode>();
