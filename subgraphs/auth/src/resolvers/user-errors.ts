import { userErrorMapping } from '@shop/server';
import type { AuthErrorCode as SdlErrorCode } from '../__generated__/resolvers-types';
import type { AuthErrorCode } from '../domain/errors';

/** Mutation payloads with typed userErrors; compiles only while the SDL's AuthErrorCode and the domain's are the same set. */
export const { payload } = userErrorMapping<SdlErrorCode, AuthErrorCode>();
