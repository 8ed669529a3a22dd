// Prisma CLI configuration: the Wasm ("js") schema engine over the pg driver adapter, so
// migrations run with no native engine download.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: () => {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL must be set for the Prisma CLI');
    return Promise.resolve(new PrismaPg({ connectionString }));
  },
});
