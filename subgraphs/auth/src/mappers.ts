import type { SessionRow } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>): Session the
 * stored row; User, a reference (auth keeps no profile), is `{ id }` by codegen's convention for entities.
 */
export type SessionModel = SessionRow;
