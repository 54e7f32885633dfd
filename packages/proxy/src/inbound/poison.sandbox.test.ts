/**
 * Poison payloads: a signed body that cannot be processed is refused before it is saved, or —
 * when it is already in the queue or processing keeps failing — dead-lettered after a bounded
 * number of tries, without crashing the process or holding back the payloads after it. The last
 * test proves it with real processes on a SQLite file, across restarts.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Logger } from 'pino';
import { neverThrowing } from '../log';
import { memoryStore } from '../store/memory';
import { sqliteStore } from '../store/sqlite';
import type { Store, StoreOps } from '../store/types';
import { APP_SECRET, IG_ACCOUNT, metaJson, Recorder, signBody, startHarness, type Harness } from '../test/harness';
import { startKitChild, stopKitChild } from '../test/kit-process';
import { MAX_WEBHOOK_DEPTH, nestsDeeperThan } from './json-depth';

const recorder = new Recorder();
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const deep = (levels: number) => `{"object":"instagram","entry":${'['.repeat(levels)}${']'.repeat(levels)}}`;

const message = (mid: string, text = 'hello') =>
  metaJson({
    object: 'instagram',
    entry: [{ id: IG_ACCOUNT.id, time: 1, messaging: [{ sender: { id: '990777' }, recipient: { id: IG_ACCOUNT.id }, timestamp: 1_700_000_000_000, message: { mid, text } }] }],
  });

async function postSigned(h: Pick<Harness, 'call'> | string, body: string) {
  const init = { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, APP_SECRET) }, body };
  if (typeof h !== 'string') return h.call('/webhook', init);
  const res = await fetch(`${h}/webhook`, init);
  return { status: res.status, json: (await res.json().catch(() => undefined)) as unknown };
}

/** A store whose transactions fail while applying any event that mentions `poison` (while `isFailing()` says so). */
function faultyStore(poison: string, isFailing = () => true): Store {
  const inner = memoryStore();
  const failing = (tx: StoreOps): StoreOps =>
    new Proxy(tx, {
      get(target, prop, receiver) {
        if (prop === 'claimDedupeKey') {
          return async (key: string, o: { now: number; ttlMs: number }) => {
            if (key.includes(poison) && isFailing()) throw new Error('injected store fault');
            return target.claimDedupeKey(key, o);
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
  return Object.assign(Object.create(inner) as Store, {
    transaction: <T>(fn: (tx: StoreOps) => Promise<T>) => inner.transaction((tx) => fn(failing(tx))),
  });
}

describe('the depth scan', () => {
  it('counts brackets outside strings only, without recursion', () => {
    expect(nestsDeeperThan(deep(MAX_WEBHOOK_DEPTH - 1), MAX_WEBHOOK_DEPTH)).toBe(false);
    expect(nestsDeeperThan(deep(MAX_WEBHOOK_DEPTH), MAX_WEBHOOK_DEPTH)).toBe(true);
    expect(nestsDeeperThan(Buffer.from(deep(100_000)), MAX_WEBHOOK_DEPTH)).toBe(true);
    // Brackets and escaped quotes inside strings do not count.
    expect(nestsDeeperThan(JSON.stringify({ text: '[[[[{{{{ \\" [[[[' }), 2)).toBe(false);
  });
});

describe('a signed poison body', () => {
  it('is refused before saving — too deep (400), too big (413), not JSON (400) — and the kit keeps serving', async () => {
    const h = await startHarness({ recorder, proxy: { webhook: { maxBytes: 100_000 } } });
    try {
      const tooDeep = await postSigned(h, deep(10_000));
      expect(tooDeep.status).toBe(400);
      expect(tooDeep.json).toMatchObject({ error: { code: 'webhook_payload_too_deep', message: expect.stringContaining(`deeper than ${MAX_WEBHOOK_DEPTH}`) } });
      const notJson = await postSigned(h, '{"object":');
      expect(notJson.status).toBe(400);
      expect(notJson.json).toMatchObject({ error: { code: 'webhook_invalid_json' } });
      const tooBig = await postSigned(h, JSON.stringify({ object: 'instagram', pad: 'x'.repeat(100_001) }));
      expect(tooBig.status).toBe(413);
      expect(await h.kit.store.listUnprocessedWebhooks(10)).toEqual([]);

      expect((await postSigned(h, message('mid-after-poison'))).status).toBe(200);
      await h.kit.idle();
      expect(await h.kit.store.getMessage(IG_ACCOUNT.id, 'mid-after-poison')).toMatchObject({ text: 'hello' });
    } finally {
      await h.close();
    }
  });
});

describe('a payload whose processing keeps failing', () => {
  it('is dead-lettered after maxAttempts tries with the reason, and later payloads are applied', async () => {
    const h = await startHarness({ recorder, proxy: { store: faultyStore('mid-poison'), webhook: { maxAttempts: 3, retryDelayMs: 5 } } });
    try {
      expect((await postSigned(h, message('mid-poison'))).status).toBe(200);
      expect((await postSigned(h, message('mid-later', 'later'))).status).toBe(200);
      await h.kit.idle();
      expect((await postSigned(h, message('mid-even-later', 'even later'))).status).toBe(200);
      await h.kit.idle();
      expect(await h.kit.store.getMessage(IG_ACCOUNT.id, 'mid-later')).toMatchObject({ text: 'later' });
      expect(await h.kit.store.getMessage(IG_ACCOUNT.id, 'mid-even-later')).toMatchObject({ text: 'even later' });
      expect(await h.kit.store.getMessage(IG_ACCOUNT.id, 'mid-poison')).toBeNull();
      expect(await h.kit.store.listUnprocessedWebhooks(10)).toEqual([]);

      const listed = await h.call('/admin/dead-letters');
      expect(listed.status).toBe(200);
      expect(listed.json).toMatchObject({ deadLetters: [{ attempts: 3, reason: expect.stringContaining('injected store fault') }], nextBefore: null });
      expect(listed.text).not.toContain('hello'); // the payload itself is not listed
      expect(recorder.logLines.filter((l) => l.includes('moved to the dead letters'))).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('a 250-event payload is applied in 3 transactions (100 events to each), not 250', async () => {
    const inner = memoryStore();
    let transactions = 0;
    const counting = Object.assign(Object.create(inner) as Store, {
      transaction: <T>(fn: (tx: StoreOps) => Promise<T>) => {
        transactions++;
        return inner.transaction(fn);
      },
    });
    const h = await startHarness({ recorder, proxy: { store: counting } });
    try {
      const mids = Array.from({ length: 250 }, (_, i) => `mid-t${i}`);
      const messaging = mids.map((mid, i) => ({ sender: { id: '990777' }, recipient: { id: IG_ACCOUNT.id }, timestamp: 1_700_000_000_000 + i, message: { mid, text: `t${i}` } }));
      const before = transactions;
      expect((await postSigned(h, metaJson({ object: 'instagram', entry: [{ id: IG_ACCOUNT.id, time: 1, messaging }] }))).status).toBe(200);
      await h.kit.idle();
      expect(transactions - before).toBe(3);
      expect(await h.kit.store.getMessage(IG_ACCOUNT.id, 'mid-t249')).toMatchObject({ text: 't249' });
    } finally {
      await h.close();
    }
  });

  it('a lone one-event payload is parsed once and applied with its processed mark in one transaction', async () => {
    const inner = memoryStore();
    let transactions = 0;
    let marksOutside = 0;
    const counting = Object.assign(Object.create(inner) as Store, {
      transaction: <T>(fn: (tx: StoreOps) => Promise<T>) => {
        transactions++;
        return inner.transaction(fn);
      },
      markWebhookProcessed: (id: string, o: { at: number; error?: string }) => {
        marksOutside++; // the store's own call, not the transaction's
        return inner.markWebhookProcessed(id, o);
      },
    });
    const h = await startHarness({ recorder, proxy: { store: counting } });
    const parse = JSON.parse;
    let parses = 0;
    JSON.parse = ((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      if (typeof text === 'string' && text.includes('mid-lone') && text.includes('"entry"')) parses++;
      return parse(text, reviver);
    }) as typeof JSON.parse;
    try {
      await h.kit.idle();
      const before = transactions;
      expect((await postSigned(h, message('mid-lone', 'alone'))).status).toBe(200);
      await h.kit.idle();
      expect(transactions - before).toBe(1);
      expect(marksOutside).toBe(0);
      expect(parses).toBe(1);
      expect(await h.kit.store.getMessage(IG_ACCOUNT.id, 'mid-lone')).toMatchObject({ text: 'alone' });
      expect(await h.kit.store.listUnprocessedWebhooks(10)).toEqual([]);
    } finally {
      JSON.parse = parse;
      await h.close();
    }
  });

  it('payloads that queue up together (one event each) share a transaction, each applied once', async () => {
    const inner = memoryStore();
    let transactions = 0;
    let opened!: () => void;
    const gate = new Promise<void>((r) => (opened = r));
    const counting = Object.assign(Object.create(inner) as Store, {
      transaction: async <T>(fn: (tx: StoreOps) => Promise<T>) => {
        transactions++;
        await gate; // the first payload waits until all 41 are saved, so 40 queue behind it
        return inner.transaction(fn);
      },
    });
    const h = await startHarness({ recorder, proxy: { store: counting } });
    try {
      const live: string[] = [];
      const unsubscribe = h.kit.bus.subscribe((e) => void (e.type === 'message' && live.push(e.message.id)));
      const before = transactions;
      const answers = await Promise.all(Array.from({ length: 41 }, (_, i) => postSigned(h, message(`mid-g${i}`, `g${i}`))));
      expect(answers.map((a) => a.status)).toEqual(Array(41).fill(200));
      opened();
      await h.kit.idle();
      // One for the first payload, then groups of at most 20: 2 more (not 40).
      expect(transactions - before).toBe(3);
      expect(live.sort()).toEqual(Array.from({ length: 41 }, (_, i) => `mid-g${i}`).sort());
      for (let i = 0; i < 41; i++) expect(await h.kit.store.getMessage(IG_ACCOUNT.id, `mid-g${i}`)).toMatchObject({ text: `g${i}` });
      expect(await h.kit.store.listUnprocessedWebhooks(50)).toEqual([]);
      unsubscribe();
    } finally {
      opened();
      await h.close();
    }
  });

  it('a failing payload in a group costs the others only a second try: they land once, it is retried alone', async () => {
    let failing = true;
    let opened!: () => void;
    const gate = new Promise<void>((r) => (opened = r));
    const faulty = faultyStore('mid-gbad', () => failing);
    const gated = Object.assign(Object.create(faulty) as Store, {
      transaction: async <T>(fn: (tx: StoreOps) => Promise<T>) => {
        await gate;
        return faulty.transaction(fn);
      },
    });
    const h = await startHarness({ recorder, proxy: { store: gated, webhook: { maxAttempts: 5, retryDelayMs: 5 } } });
    try {
      const live: string[] = [];
      const unsubscribe = h.kit.bus.subscribe((e) => void (e.type === 'message' && live.push(e.message.id)));
      const mids = Array.from({ length: 12 }, (_, i) => (i === 6 ? 'mid-gbad' : `mid-gok${i}`));
      for (const [i, mid] of mids.entries()) expect((await postSigned(h, message(mid, `n${i}`))).status).toBe(200);
      opened();
      for (let i = 0; i < 200 && live.length < 11; i++) await new Promise((r) => setTimeout(r, 10));
      expect(live.sort()).toEqual(mids.filter((m) => m !== 'mid-gbad').sort());
      failing = false;
      await h.kit.idle();
      expect(live.filter((m) => m === 'mid-gbad')).toHaveLength(1);
      expect(live).toHaveLength(12);
      expect(await h.kit.store.listUnprocessedWebhooks(50)).toEqual([]);
      unsubscribe();
    } finally {
      opened();
      await h.close();
    }
  });

  it('one failing event among 250 in a payload (applied 100 to a transaction): the other 249 land once, live, and the failing one on a retry', async () => {
    let failing = true;
    const h = await startHarness({ recorder, proxy: { store: faultyStore('mid-bad', () => failing), webhook: { maxAttempts: 5, retryDelayMs: 5 } } });
    try {
      const events: string[] = [];
      const unsubscribe = h.kit.bus.subscribe((e) => {
        if (e.type === 'message') events.push(e.message.id);
      });
      const mids = Array.from({ length: 250 }, (_, i) => (i === 120 ? 'mid-bad' : `mid-b${i}`));
      const body = metaJson({
        object: 'instagram',
        entry: [
          {
            id: IG_ACCOUNT.id,
            time: 1,
            messaging: mids.map((mid, i) => ({ sender: { id: '990777' }, recipient: { id: IG_ACCOUNT.id }, timestamp: 1_700_000_000_000 + i, message: { mid, text: `n${i}` } })),
          },
        ],
      });
      expect((await postSigned(h, body)).status).toBe(200);
      // The first attempt: the batch holding mid-bad rolls back, then its other 99 land one by one.
      for (let i = 0; i < 200 && events.length < 249; i++) await new Promise((r) => setTimeout(r, 10));
      expect(events).toHaveLength(249);
      expect(events).not.toContain('mid-bad');
      expect(await h.kit.store.listUnprocessedWebhooks(10)).toHaveLength(1);
      failing = false;
      await h.kit.idle();
      expect(events.filter((m) => m === 'mid-bad')).toHaveLength(1);
      expect(new Set(events).size).toBe(250);
      expect(events).toHaveLength(250);
      for (const [i, mid] of mids.entries()) expect(await h.kit.store.getMessage(IG_ACCOUNT.id, mid), mid).toMatchObject({ text: `n${i}` });
      expect(await h.kit.store.listUnprocessedWebhooks(10)).toEqual([]);
      unsubscribe();
    } finally {
      await h.close();
    }
  });

  it('lists dead letters only for a caller allowed admin.read on every account', async () => {
    const h = await startHarness({
      recorder,
      proxy: { authorize: (_req, { accountId, action }) => action !== 'admin.read' || accountId === IG_ACCOUNT.id },
    });
    try {
      const r = await h.call('/admin/dead-letters');
      expect(r.status).toBe(403);
      expect(r.json).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('admin.read') } });
      const unknown = await startHarness({ recorder });
      try {
        const bad = await unknown.call('/admin/dead-letters?limit=0&replay=1');
        expect(bad.status).toBe(400);
        expect(bad.json).toMatchObject({ error: { code: 'unknown_field', details: { field: 'replay' } } });
      } finally {
        await unknown.close();
      }
    } finally {
      await h.close();
    }
  });
});

describe('an operator acting on dead letters', () => {
  it('replays one once the cause is fixed (it is applied like any payload) and discards another for good', async () => {
    let broken = true;
    const h = await startHarness({ recorder, proxy: { store: faultyStore('mid-op', () => broken), webhook: { maxAttempts: 2, retryDelayMs: 5 } } });
    try {
      expect((await postSigned(h, message('mid-op-1', 'first'))).status).toBe(200);
      expect((await postSigned(h, message('mid-op-2', 'second'))).status).toBe(200);
      await h.kit.idle();
      const listed = ((await h.call('/admin/dead-letters')).json as { deadLetters: { id: string }[] }).deadLetters;
      expect(listed).toHaveLength(2);
      const [second, first] = listed as [{ id: string }, { id: string }];
      broken = false; // the fix is deployed
      const post = (path: string) => h.call(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-kit-request': '1' }, body: '{}' });
      const replayed = await post(`/admin/dead-letters/${first.id}/replay`);
      expect(replayed.status).toBe(200);
      expect(replayed.json).toMatchObject({ webhookId: expect.any(String) });
      await h.kit.idle();
      expect(await h.kit.store.getMessage(IG_ACCOUNT.id, 'mid-op-1')).toMatchObject({ text: 'first' });
      expect((await post(`/admin/dead-letters/${first.id}/replay`)).status).toBe(404);
      const discarded = await h.call(`/admin/dead-letters/${second.id}`, { method: 'DELETE', headers: { 'x-kit-request': '1' } });
      expect(discarded.status).toBe(204);
      expect(((await h.call('/admin/dead-letters')).json as { deadLetters: unknown[] }).deadLetters).toEqual([]);
      expect(await h.kit.store.getMessage(IG_ACCOUNT.id, 'mid-op-2')).toBeNull();
    } finally {
      await h.close();
    }
  });
});

describe('a logger that throws', () => {
  const throwing = (): Logger => {
    const logger: Record<string, unknown> = {};
    for (const m of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']) {
      logger[m] = () => {
        throw new Error(`logger.${m} is broken`);
      };
    }
    logger.child = () => logger;
    return logger as unknown as Logger;
  };

  it('is swallowed on every method, children included', () => {
    const log = neverThrowing(throwing());
    expect(() => log.error({ err: new Error('x') }, 'msg')).not.toThrow();
    expect(() => log.child({ a: 1 }).child({ b: 2 }).warn('msg')).not.toThrow();
  });

  it('never takes the host down, even while a payload fails and is dead-lettered', async () => {
    const h = await startHarness({ recorder, proxy: { logger: throwing(), store: faultyStore('mid-poison'), webhook: { maxAttempts: 2, retryDelayMs: 5 } } });
    try {
      expect((await postSigned(h, message('mid-poison'))).status).toBe(200);
      expect((await postSigned(h, deep(100))).status).toBe(400);
      await h.kit.idle();
      expect((await h.call('/admin/dead-letters')).json).toMatchObject({ deadLetters: [{ attempts: 2 }] });
      expect((await postSigned(h, message('mid-fine', 'fine'))).status).toBe(200);
      await h.kit.idle();
      expect(await h.kit.store.getMessage(IG_ACCOUNT.id, 'mid-fine')).toMatchObject({ text: 'fine' });
    } finally {
      await h.close();
    }
  });
});

describe('real processes on SQLite', () => {
  const startChild = (file: string) => startKitChild({ KIT_DB: file });
  const stop = (child: ChildProcess) => stopKitChild(child);

  async function deadLetters(url: string): Promise<{ webhookId: string; reason: string }[]> {
    const res = await fetch(`${url}/admin/dead-letters`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { deadLetters: { webhookId: string; reason: string }[] }).deadLetters;
  }

  it('dead-letters a poison payload saved by an older version and keeps serving, also after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kit-poison-'));
    dirs.push(dir);
    const file = join(dir, 'kit.db');
    // What an older version without the depth check would have saved after answering 200.
    const old = sqliteStore({ file });
    const poisonId = await old.saveWebhook(deep(10_000), 1);
    await old.close();

    const first = await startChild(file);
    try {
      let listed = await deadLetters(first.url);
      for (let i = 0; listed.length === 0 && i < 200; i++) {
        await new Promise((r) => setTimeout(r, 25));
        listed = await deadLetters(first.url);
      }
      expect(listed).toMatchObject([{ webhookId: poisonId, reason: expect.stringContaining('payload_too_deep') }]);
      expect((await postSigned(first.url, message('mid-first-run', 'first run'))).status).toBe(200);
      expect((await postSigned(first.url, deep(10_000))).status).toBe(400);
      expect(first.child.exitCode).toBeNull();
    } finally {
      expect(await stop(first.child)).toBe(0);
    }

    const second = await startChild(file);
    try {
      expect(await deadLetters(second.url)).toHaveLength(1);
      expect((await postSigned(second.url, message('mid-second-run', 'second run'))).status).toBe(200);
      const messages = await fetch(`${second.url}/accounts/${IG_ACCOUNT.id}/conversations/${IG_ACCOUNT.id}:990777/messages`);
      expect(messages.status).toBe(200);
      expect(JSON.stringify(await messages.json())).toContain('first run');
      expect(second.child.exitCode).toBeNull();
      expect(second.stderr()).not.toMatch(/RangeError|Maximum call stack/);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  });
});
