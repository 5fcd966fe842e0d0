import type { SessionRow } from './db/schema';

/**
 * What resolvers pass around for each GraphQL type (codegen maps `<Type>Model` to GraphQL type <Type>): User is a
 * reference (auth keeps no profile), Session the stored row.
 */
export type UserModel = { id: string };
export type SessionModel = SessionRow;
