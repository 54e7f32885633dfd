/**
 * A host process running the kit, for real-process tests, on a SQLite file or a Postgres schema:
 *   KIT_DB=/path/kit.db node <flags, see ts-hooks.ts> kit-child.ts
 *   KIT_PG_SCHEMA=kit_test_… (server: KIT_TEST_PG_URL or the local test database)
 * Optional: KIT_GRAPH=<sandbox url> (else Graph is a closed port), KIT_LEASE_MS (outbox lease),
 * KIT_WAIT_MS (how long POST /messages waits for the outcome).
 * Prints `ready <kit url>` once listening; exits on SIGTERM after closing the kit.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import pino from 'pino';
import { allowAll } from '../http/authorize';
import { createKitProxy } from '../proxy';
import { postgresStore } from '../store/postgres';
import { sqliteStore } from '../store/sqlite';
import { APP_SECRET, IG_ACCOUNT, VERIFY_TOKEN } from './harness';
import { PG_URL } from './postgres';

const file = process.env.KIT_DB;
const schema = process.env.KIT_PG_SCHEMA;
if (!file && !schema) throw new Error('kit-child: set KIT_DB to the SQLite file or KIT_PG_SCHEMA to a Postgres schema.');

const kit = createKitProxy({
  accounts: [{ id: IG_ACCOUNT.id, flavor: 'instagram', token: IG_ACCOUNT.token }],
  appSecret: APP_SECRET,
  verifyToken: VERIFY_TOKEN,
  // Without a sandbox a closed port makes any Graph call fail fast.
  graph: { baseUrl: process.env.KIT_GRAPH ? `${process.env.KIT_GRAPH}/instagram` : 'http://127.0.0.1:9' },
  outbox: {
    ...(process.env.KIT_LEASE_MS ? { leaseMs: Number(process.env.KIT_LEASE_MS), pollMs: 100 } : {}),
    ...(process.env.KIT_WAIT_MS ? { waitMs: Number(process.env.KIT_WAIT_MS) } : {}),
  },
  authorize: allowAll,
  store: schema ? postgresStore({ connectionString: PG_URL, schema, max: 4 }) : sqliteStore({ file: file as string }),
  logger: pino({ level: 'warn' }, pino.destination(2)),
  backfill: false,
  profiles: false,
  webhook: { retryDelayMs: 20 },
});
const app = express();
app.use('/kit', kit);
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`ready http://127.0.0.1:${(server.address() as AddressInfo).port}/kit\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void kit.close().then(() => kit.store.close()).then(() => process.exit(0));
});
