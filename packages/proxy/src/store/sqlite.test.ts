/** What only the SQLite store promises: a file that survives reopening, WAL, versioned schema. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import type { KitConversationFilter, KitEvent } from '@kit/core';
import { conv, msg } from './contract-fixtures';
import { SQLITE_MIGRATIONS, sqliteStore } from './sqlite';
import { openSqliteFile } from './sqlite-file';

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

  it('indexes conversations and messages written before search existed when it migrates', async () => {
    const file = join(dir, 'before-search.db');
    const raw = new DatabaseSync(file);
    const searchMigration = SQLITE_MIGRATIONS.findIndex((m) => m.includes('message_search'));
    for (const m of SQLITE_MIGRATIONS.slice(0, searchMigration)) raw.exec(m);
    raw.exec(`PRAGMA user_version = ${searchMigration}`);
    const c = conv('c1', 50, { customer: { name: 'Ana', username: 'ana_rossi' }, unreadCount: 1, lastInboundAt: 5 });
    raw.prepare('INSERT INTO conversations (id, account_id, last_message_at, data) VALUES (?, ?, ?, ?)').run(c.id, 'acc', 50, JSON.stringify(c));
    const put = raw.prepare('INSERT INTO messages (account_id, id, conversation_id, created_at, stub, data) VALUES (?, ?, ?, ?, ?, ?)');
    put.run('acc', 'm1', 'acc:c1', 10, 0, JSON.stringify(msg('m1', 10, { text: 'Where is my Parcel?' })));
    put.run('acc', 'm2', 'acc:c1', 11, 0, JSON.stringify(msg('m2', 11, { text: 'unsent words', deleted: true })));
    raw.close();

    const store = sqliteStore({ file });
    const find = async (terms: string[], filters: KitConversationFilter[] = []) =>
      (await store.findConversations('acc', { terms, filters, now: 100, limit: 5 })).map((h) => h.message?.id ?? h.conversation.id);
    expect(await find(['parcel'])).toEqual(['m1']);
    expect(await find(['unsent'])).toEqual([]);
    expect(await find(['rossi'])).toEqual(['acc:c1']);
    expect(await find([], ['unread', 'open'])).toEqual(['acc:c1']);
    await store.close();
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

describe('openSqliteFile', () => {
  it('waits for another process that holds the file locked, then switches it to WAL', async () => {
    const file = join(dir, 'locked.db');
    new DatabaseSync(file).close();
    // A second process takes the write lock on the (still rollback-journal) file and holds it a moment.
    const holder = spawn(process.execPath, [
      '-e',
      `const { DatabaseSync } = require('node:sqlite');
       const db = new DatabaseSync(${JSON.stringify(file)});
       db.exec('BEGIN EXCLUSIVE'); db.exec('CREATE TABLE t (x)');
       process.stdout.write('locked\\n');
       setTimeout(() => { db.exec('COMMIT'); db.close(); }, 400);`,
    ]);
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    const db = openSqliteFile(file);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).toEqual({ name: 't' });
    db.close();
    await new Promise((resolve) => holder.once('exit', resolve));
  });
});
