/**
 * The embedded stores' group commit for webhook saves (rows.ts singleWriterStore): payloads that
 * arrive while the writer is busy share one transaction, each caller settles only after it, and a
 * failed batch rejects every caller in it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { memoryStore } from './memory';
import { singleWriterStore } from './rows';
import { sqliteStore } from './sqlite';
import type { StoreOps } from './types';

function countingWriter() {
  const log: string[] = [];
  return { log, writer: { kind: 'test', begin: () => log.push('begin'), commit: () => log.push('commit'), rollback: () => log.push('rollback'), close: () => {} } };
}

/** Ops whose saveWebhook records what it saved, failing on the body `fail`. */
function fakeOps(saved: string[]): StoreOps {
  return {
    async saveWebhook(body: string) {
      if (body === 'fail') throw new Error('disk full');
      saved.push(body);
      return String(saved.length);
    },
  } as unknown as StoreOps;
}

describe('group commit of webhook saves', () => {
  it('saves that queue behind a busy writer share one transaction; each resolves with its own id, in order', async () => {
    const saved: string[] = [];
    const { log, writer } = countingWriter();
    const store = singleWriterStore(fakeOps(saved), writer);
    let release!: () => void;
    const busy = store.transaction(() => new Promise<void>((r) => (release = r)));
    const ids = Promise.all(Array.from({ length: 20 }, (_, i) => store.saveWebhook(`p${i}`, i)));
    await new Promise((r) => setTimeout(r, 10));
    expect(saved, 'nothing saved while the writer is busy').toEqual([]);
    release();
    await busy;
    expect(await ids).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
    expect(saved).toEqual(Array.from({ length: 20 }, (_, i) => `p${i}`));
    // The busy transaction, then ONE for the twenty saves.
    expect(log).toEqual(['begin', 'commit', 'begin', 'commit']);
  });

  it('an idle store commits a lone save at once, without a transaction of its own', async () => {
    const saved: string[] = [];
    const { log, writer } = countingWriter();
    const store = singleWriterStore(fakeOps(saved), writer);
    expect(await store.saveWebhook('alone', 1)).toBe('1');
    expect(log).toEqual([]);
  });

  it('a failed batch rolls back and rejects every caller in it, so Meta retries each; the next batch is unaffected', async () => {
    const saved: string[] = [];
    const { log, writer } = countingWriter();
    const store = singleWriterStore(fakeOps(saved), writer);
    let release!: () => void;
    const busy = store.transaction(() => new Promise<void>((r) => (release = r)));
    const batch = ['a', 'b', 'fail', 'c'].map((b) => store.saveWebhook(b, 0).then(
      (id) => ({ ok: id }),
      (err: Error) => ({ err: err.message }),
    ));
    await new Promise((r) => setTimeout(r, 10));
    release();
    await busy;
    expect(await Promise.all(batch)).toEqual(Array(4).fill({ err: 'disk full' }));
    expect(log.slice(2)).toEqual(['begin', 'rollback']);
    expect(await store.saveWebhook('d', 0)).toBeTruthy();
  });

  it('refuses saves on a closed store, with the store’s own error', async () => {
    const { writer } = countingWriter();
    const store = singleWriterStore(fakeOps([]), writer);
    await store.close();
    await expect(store.saveWebhook('late', 0)).rejects.toThrow('testStore: the store is closed.');
  });

  for (const [kind, make] of [
    ['memory', () => memoryStore()],
    [
      'sqlite',
      () => {
        const dir = mkdtempSync(join(tmpdir(), 'kit-group-'));
        onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
        return sqliteStore({ file: join(dir, 'kit.db') });
      },
    ],
  ] as const) {
    it(`${kind}: 500 concurrent saves all land once, in arrival order, each readable when its promise settles`, async () => {
      const store = make();
      onTestFinished(() => store.close());
      const bodies = Array.from({ length: 500 }, (_, i) => JSON.stringify({ object: 'instagram', n: i }));
      const ids = await Promise.all(
        bodies.map((b, i) => store.saveWebhook(b, 1000 + i)),
      );
      expect(new Set(ids).size).toBe(500);
      const rows = await store.listUnprocessedWebhooks(1000);
      expect(rows.map((r) => r.body)).toEqual(bodies);
      expect(rows.map((r) => r.id)).toEqual(ids);
    });
  }
});
