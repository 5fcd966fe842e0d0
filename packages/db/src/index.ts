export * from './database';
export { sql } from 'drizzle-orm';
