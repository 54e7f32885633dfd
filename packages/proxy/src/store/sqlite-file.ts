import { DatabaseSync } from 'node:sqlite';

const WAL_WAIT_MS = 5000;

/**
 * Opens a SQLite file shared with other processes and puts it in WAL mode.
 *
 * Why a loop: switching the journal mode takes an exclusive lock, and SQLite does not always call
 * its busy handler for it (a second process opening the file at the same moment gets SQLITE_BUSY
 * straight away, `busy_timeout` or not). Once one process has switched, the mode is stored in the
 * file and every later opener sees `wal` without needing the lock.
 */
export function openSqliteFile(file: string): DatabaseSync {
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA busy_timeout = ${WAL_WAIT_MS}`);
  const deadline = Date.now() + WAL_WAIT_MS;
  for (;;) {
    try {
      db.exec('PRAGMA journal_mode = WAL');
      return db;
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) {
        db.close();
        throw err;
      }
      // Start-up only, a few milliseconds at most: a synchronous pause keeps the store's
      // constructor synchronous.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

function isBusy(err: unknown): boolean {
  const message = err instanceof Error ? err.message : '';
  return /database is locked|SQLITE_BUSY/i.test(message) || (err as { errcode?: number } | null)?.errcode === 5;
}
