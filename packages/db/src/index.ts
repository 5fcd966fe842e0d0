export * from './database';
export { sql } from 'drizzle-orm';
export * from './constraint-violation';
export * from './transaction';
export * from './keyset';
export * from './batch-loaders';
export * from './columns';
export * from './ensure-rows';
export * from './rows';
