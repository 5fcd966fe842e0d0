import { userErrorMapping } from '@shop/server';
import type { InventoryErrorCode as SdlErrorCode } from '../__generated__/resolvers-types';
import type { InventoryErrorCode } from '../domain/errors';

/** Mutation payloads with typed userErrors; compiles only while the SDL's InventoryErrorCode and the domain's are the same set. */
export const { payload } = userErrorMapping<SdlErrorCode, InventoryErrorCode>();
