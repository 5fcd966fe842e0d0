import { userErrorMapping } from '@shop/server';
import type { PaymentsErrorCode as SdlErrorCode } from '../__generated__/resolvers-types';
import type { PaymentsErrorCode } from '../domain/errors';

/** Mutation payloads with typed userErrors; compiles only while the SDL's PaymentsErrorCode and the domain's are the same set. */
export const { payload } = userErrorMapping<SdlErrorCode, PaymentsErrorCode>();
