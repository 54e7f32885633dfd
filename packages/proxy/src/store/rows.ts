/**
 * What every store does the same way, written once: the defaults of a new outbox row, the merge
 * of a status patch (with lease fencing), the order sends are listed and claimed in, and the
 * wrappers that turn a set of operations into a `Store` — serialized behind one writer for the
 * embedded stores, gated on migrations for Postgres. A store only adds how rows are kept.
 */
import type { Millis } from '@kit/core';
import { Mutex } from './mutex';
import type { NewOutboxSend, OutboxSend, SendStatusPatch, Store, StoreOps } from './types';

/** The row a new send becomes: queued, no attempts, due now. */
export function newSendRow(send: NewOutboxSend): OutboxSend {
  return {
    ...send,
    status: send.status ?? 'queued',
    attempts: 0,
    updatedAt: send.createdAt,
    notBefore: send.notBefore ?? send.createdAt,
  };
}

/**
 * The row after a status patch, or null when the patch is fenced out (`ifLeaseOwner` no longer
 * holds the lease: another worker took the send over).
 */
export function patchedSend(current: OutboxSend, patch: SendStatusPatch): OutboxSend | null {
  if (patch.ifLeaseOwner !== undefined && current.leaseOwner !== patch.ifLeaseOwner) return null;
  const next: OutboxSend = { ...current, status: patch.status, updatedAt: patch.now };
  if (patch.attempts !== undefined) next.attempts = patch.attempts;
  if (patch.messageId !== undefined) next.messageId = patch.messageId;
  if (patch.reason === null) delete next.reason;
  else if (patch.reason !== undefined) next.reason = patch.reason;
  if (patch.notBefore !== undefined) next.notBefore = patch.notBefore;
  if (patch.leaseUntil !== undefined && next.leaseOwner !== undefined) next.leaseUntil = patch.leaseUntil;
  if (patch.releaseLease) {
    delete next.leaseOwner;
    delete next.leaseUntil;
  }
  return next;
}

/** Whether `owner` may extend its lease on this send (it holds it and the send is unfinished). */
export const leaseRenewable = (send: OutboxSend | null, owner: string): send is OutboxSend =>
  !!send && send.leaseOwner === owner && (send.status === 'queued' || send.status === 'sending');

/** Rows that still occupy their conversation's lane: not yet sent or failed. */
export const LANE_STATUSES = ['queued', 'sending', 'uncertain'] as const;

/** A queued row whose time has come and which nobody holds a live lease on. */
export const freeToClaim = (s: OutboxSend, now: number): boolean =>
  s.status === 'queued' && s.notBefore <= now && (s.leaseUntil === undefined || s.leaseUntil < now);

/**
 * The claim rule every store implements (the SQL stores in one statement, this one for the
 * memory store and as the reference): per conversation lane — the account's unfinished rows of
 * one conversation, oldest first — only the run of free rows at its head may be claimed. A row
 * that is leased (by anyone, also by a dead worker whose lease has not run out), `sending`,
 * `uncertain` or not yet due stops its lane there, so a later message can never overtake an
 * earlier one. Lanes are served fairly: every lane's first claimable row before any lane's
 * second, and so on; ties by age.
 */
export function claimableHeads(rows: readonly OutboxSend[], now: number, limit: number): OutboxSend[] {
  const lanes = new Map<string, OutboxSend[]>();
  for (const s of [...rows].sort(oldestFirst)) {
    if (!(LANE_STATUSES as readonly string[]).includes(s.status)) continue;
    const key = `${s.accountId}\u0000${s.conversationId}`;
    const lane = lanes.get(key) ?? [];
    lanes.set(key, lane);
    lane.push(s);
  }
  const ranked: { s: OutboxSend; pos: number }[] = [];
  for (const lane of lanes.values()) {
    for (const [pos, s] of lane.entries()) {
      if (!freeToClaim(s, now)) break;
      ranked.push({ s, pos });
    }
  }
  return ranked
    .sort((a, b) => a.pos - b.pos || oldestFirst(a.s, b.s))
    .slice(0, limit)
    .map((r) => r.s);
}

/** `ORDER BY created_at, client_id` with byte-wise ids (SQLite's BINARY, Postgres' COLLATE "C"). */
export function oldestFirst(a: OutboxSend, b: OutboxSend): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0;
}

/** `ops` with every method called through `around` (a lock, or "wait until migrated"). */
export function wrapCalls<T extends object>(ops: T, around: (call: () => unknown) => Promise<unknown>): T {
  return new Proxy(ops, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => around(() => (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}

/** A Store object: the (wrapped) operations, plus what only the store itself knows. */
export function assembleStore<S extends Store>(ops: StoreOps, own: Omit<S, keyof StoreOps>): S {
  return Object.assign(Object.create(ops) as StoreOps, own) as S;
}

/** How an embedded store opens, ends and undoes a transaction on its single connection. */
export interface SingleWriter {
  kind: string;
  begin(): void;
  commit(): void;
  rollback(): void;
  /** Runs once, behind every call still queued. */
  close(): void;
}

/**
 * The embedded stores (memory, SQLite) have one connection or one heap, so a transaction that
 * awaits must keep every other caller out until it commits or rolls back: every call and
 * transaction waits its turn on one FIFO mutex, like a single-writer database.
 */
export function singleWriterStore(ops: StoreOps, writer: SingleWriter): Store {
  const mutex = new Mutex();
  let closed = false;
  const open = () => {
    if (closed) throw new Error(`${writer.kind}Store: the store is closed.`);
  };
  const inTransaction = async <T>(fn: () => Promise<T>): Promise<T> => {
    writer.begin();
    try {
      const result = await fn();
      writer.commit();
      return result;
    } catch (err) {
      writer.rollback();
      throw err;
    }
  };

  // Group commit for the webhook ack: Meta's deliveries arrive in bursts, and one transaction per
  // payload was the ack's largest cost (22 % of its CPU profile, bench/proxy). Saves that queue up
  // while the writer is busy share ONE transaction when their turn comes; each caller's promise
  // (and so its 200) settles only after that commit, and a failed batch rejects every caller in it
  // (Meta retries them all). An idle store commits a lone save at once, as before.
  let saves: { body: string; at: Millis; resolve: (id: string) => void; reject: (err: unknown) => void }[] = [];
  const saveWebhook = (body: string, at: Millis): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      saves.push({ body, at, resolve, reject });
      if (saves.length > 1) return; // the queued turn below takes this one too
      void mutex.run(async () => {
        const batch = saves;
        saves = [];
        try {
          open();
          const ids: string[] = [];
          const saveAll = async () => {
            for (const s of batch) ids.push(await ops.saveWebhook(s.body, s.at));
          };
          await (batch.length === 1 ? saveAll() : inTransaction(saveAll));
          batch.forEach((s, i) => s.resolve(ids[i]!));
        } catch (err) {
          for (const s of batch) s.reject(err);
        }
      });
    });

  const calls = wrapCalls(ops, (call) =>
    mutex.run(() => {
      open();
      return call();
    }),
  );
  return assembleStore<Store>(Object.assign(Object.create(calls) as StoreOps, { saveWebhook }), {
    kind: writer.kind,
    transaction<T>(fn: (tx: StoreOps) => Promise<T>): Promise<T> {
      return mutex.run(() => {
        open();
        return inTransaction(() => fn(ops));
      });
    },
    close(): Promise<void> {
      return mutex.run(() => {
        if (closed) return;
        closed = true;
        writer.close();
      });
    },
  });
}
