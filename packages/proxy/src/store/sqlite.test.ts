/** What only the SQLite store promises: a file that survives reopening, WAL, versioned schema. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import type { KitEvent } from '@kit/core';
import { conv } from './contract-fixtures';
import { SQLITE_MIGRATIONS, sqliteStore } from './sqlite';

const dir = mkdtempSync(join(tmpdir(), 'kit-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ev = (accountId: string, at: number): KitEvent => ({ type: 'read', accountId, at, conversationId: `${accountId}:c`, messageId: 'm', by: 'customer' });

describe('sqliteStore on disk', () => {
  it('persists across reopen, runs in WAL mode and records the schema version', async () => {
    const file = join(dir, 'reopen.db');
    const a = sqliteStore({ file });
    await a.putConversation(conv('a', 1));
    const id = (await a.appendEvent(ev('acc', 1))).id;
    await a.close();
    const b = sqliteStore({ file });
    expect((await b.getConversation('acc:a'))?.id).toBe('acc:a');
    expect((await b.appendEvent(ev('acc', 2))).id).toBe(String(Number(id) + 1));
    await b.close();
    const raw = new DatabaseSync(file);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: SQLITE_MIGRATIONS.length });
    raw.close();
  });

  it('refuses a database written by a newer version, saying what to do', () => {
    const file = join(dir, 'newer.db');
    const raw = new DatabaseSync(file);
    raw.exec('PRAGMA user_version = 999');
    raw.close();
    expect(() => sqliteStore({ file })).toThrow(/newer than this @kit\/proxy.*Upgrade/);
  });

  it('explains a missing file option', () => {
    expect(() => sqliteStore({} as never)).toThrow(/pass \{ file:/);
  });
});
