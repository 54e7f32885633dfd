/**
 * The exported store contract (contract.ts) on every store the kit ships: memory, SQLite and
 * Postgres (a throwaway schema of the real server per test, dropped on close).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, it } from 'vitest';
import { throwawayPostgresStore } from '../test/postgres';
import { storeContract } from './contract';
import { memoryStore } from './memory';
import { sqliteStore } from './sqlite';

const dir = mkdtempSync(join(tmpdir(), 'kit-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

const test = { describe, it, beforeEach, afterEach };
storeContract({ name: 'memoryStore', makeStore: () => memoryStore(), test });
storeContract({ name: 'sqliteStore', makeStore: () => sqliteStore({ file: join(dir, `s${++fileNo}.db`) }), test });
storeContract({ name: 'postgresStore', makeStore: () => throwawayPostgresStore(), test });
