import { userErrorMapping } from '@shop/server';
import type { ReviewsErrorCode as SdlErrorCode } from '../__generated__/resolvers-types';
import type { ReviewsErrorCode } from '../domain/errors';

/** Mutation payloads with typed userErrors; compiles only while the SDL's ReviewsErrorCode and the domain's are the same set. */
export const { payload } = userErrorMapping<SdlErrorCode, ReviewsErrorCode>();
