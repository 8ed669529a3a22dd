// Builds the Prisma client on the pg driver adapter (no native query engine needed).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma';

export type Database = PrismaClient;

export function createDatabaseClient(connectionString: string, maxConnections = 10): Database {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: maxConnections }) });
}
