/**
 * Postgres for tests: the real server (trust auth, database `test`; override with KIT_TEST_PG_URL),
 * one throwaway schema per store so parallel test runs — and parallel engineers — never collide.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { postgresStore, type PostgresStore, type PostgresStoreOptions } from '../store/postgres';
import { quoteIdent } from '../store/postgres-migrations';

export const PG_URL = process.env.KIT_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, unused schema name. */
export const testSchema = () => `kit_test_${randomBytes(6).toString('hex')}`;

export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A store on its own new schema; closing it also drops the schema. */
export function throwawayPostgresStore(options: Partial<PostgresStoreOptions> = {}): PostgresStore {
  const schema = options.schema ?? testSchema();
  const store = postgresStore({ connectionString: PG_URL, max: 4, ...options, schema });
  return Object.assign(Object.create(store) as PostgresStore, {
    async close() {
      await store.close();
      await dropSchema(schema);
    },
  });
}
