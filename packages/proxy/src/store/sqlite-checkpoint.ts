/**
 * WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside the COMMIT that
 * crosses 1,000 WAL pages, on the connection that committed: with node:sqlite that is the event
 * loop, so every few hundred webhooks one ack paid for copying the WAL into the database file and
 * its fsync (bench/README.md, "Ingest on SQLite (2026-12-02, second pass)": checkpoints were about
 * half of the store's write cost). Here a worker thread with its own connection to the same file
 * checkpoints instead, every `intervalMs`, and the store's connection turns its automatic
 * checkpoints off.
 *
 * PASSIVE never waits for the writer, so the worker never holds up a transaction. The WAL is only
 * rewound from its start when a checkpoint has caught up and a writer then begins; a writer that
 * never pauses would keep it growing, so past `maxWalBytes` the worker runs a TRUNCATE checkpoint,
 * which waits for the current transaction and holds the next one back until the WAL is empty.
 *
 * Nothing here weakens a promise: durability is the WAL's (a checkpoint only copies committed
 * pages), and the unsend erasure still runs its own TRUNCATE checkpoint on the store's connection
 * (sqlite.ts eraseMessageTraces), which waits for a worker checkpoint in progress. If the worker
 * fails, the store's automatic checkpoints are turned back on.
 */
import { Worker } from 'node:worker_threads';

export interface CheckpointerOptions {
  /** Time between two PASSIVE checkpoints. */
  intervalMs: number;
  /** WAL size past which the worker runs a TRUNCATE checkpoint. */
  maxWalBytes: number;
  /** The worker stopped on an error: the caller turns automatic checkpoints back on. */
  onFailure: (err: unknown) => void;
}

export interface Checkpointer {
  stop(): Promise<void>;
}

// CommonJS source for `new Worker(…, { eval: true })`: the kit ships as one bundle, so the worker
// cannot be a file of its own.
const WORKER_SOURCE = `
const { DatabaseSync } = require('node:sqlite');
const { statSync } = require('node:fs');
const { workerData, parentPort } = require('node:worker_threads');
const { file, intervalMs, maxWalBytes } = workerData;
const db = new DatabaseSync(file);
db.exec('PRAGMA busy_timeout = 5000');
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const truncate = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)');
const walSize = () => { try { return statSync(file + '-wal').size; } catch { return 0; } };
let timer = null;
const tick = () => {
  try {
    if (walSize() > maxWalBytes) truncate.get(); else passive.get();
  } catch (err) {
    clearInterval(timer);
    db.close();
    throw err;
  }
};
timer = setInterval(tick, intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Starts the worker for a database file already in WAL mode. */
export function startCheckpointer(file: string, o: CheckpointerOptions): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, intervalMs: o.intervalMs, maxWalBytes: o.maxWalBytes } });
  // The worker must not keep a host's process alive, nor its messages the event loop.
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', (err) => {
    if (!stopping) o.onFailure(err);
  });
  worker.on('exit', (code) => {
    if (!stopping && code !== 0) o.onFailure(new Error(`the SQLite checkpoint worker exited with code ${code}`));
  });
  return {
    async stop() {
      if (stopping) return exited;
      stopping = true;
      worker.postMessage('stop');
      // A checkpoint in progress finishes first; a worker that does not answer is ended.
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
