/**
 * The database schema, one file per part of the product (server/db/schema/): drizzle-kit reads
 * this file (drizzle.config.ts), and every other module imports the tables from here.
 */
export * from './schema/accounts.ts';
export * from './schema/apps.ts';
export * from './schema/certificates.ts';
export * from './schema/doc-access.ts';
export * from './schema/operations.ts';
export * from './schema/ccadb.ts';
