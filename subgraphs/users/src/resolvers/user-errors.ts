import { userErrorMapping } from '@shop/server';
import type { UsersErrorCode as SdlErrorCode } from '../__generated__/resolvers-types';
import type { UsersErrorCode } from '../domain/errors';

/** Mutation payloads with typed userErrors; compiles only while the SDL's UsersErrorCode and the domain's are the same set. */
export const { payload } = userErrorMapping<SdlErrorCode, UsersErrorCode>();
