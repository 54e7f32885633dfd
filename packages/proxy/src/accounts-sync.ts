/**
 * An account's token state (`needs_reauth`), shared by every instance on one store. Graph 190
 * seen by one instance must stop the account's sends on all of them: the others would otherwise
 * keep calling with a rejected token (Meta: stop calling, ask for re-authentication, reference
 * §4.2/§4.4) and their inboxes would keep offering a composer that cannot send.
 *
 * The AccountRegistry stays the synchronous source every route and the outbox ask; this module
 * writes its transitions to the store (AccountState.needsReauth) with an `account_updated` event
 * in the same transaction, and applies what other instances wrote: at once through the bus (the
 * Postgres bus carries the event across), and by re-reading the store every `refreshMs` (60 s) as
 * the safety net for a host bus that does not.
 */
import type { Millis } from '@kit/core';
import type { Logger } from 'pino';
import type { AccountRegistry } from './accounts';
import type { EventBus } from './live/bus';
import type { AccountState, Store } from './store/types';

type NeedsReauth = AccountState['needsReauth'];

export interface AccountStateSyncDeps {
  store: Store;
  bus: EventBus;
  accounts: AccountRegistry;
  log: Logger;
  now: () => Millis;
  /**
   * Re-read every account's state this often. The bus is the real path (the Postgres bus also
   * re-reads the log it missed, and the event is in the log); this only backs up a host's own
   * bus, so it is slow: one read per account per interval per instance. Default 60 s.
   */
  refreshMs?: number;
}

export class AccountStateSync {
  /** Per account: the write in progress (kept in order: rejected, then healthy again). */
  private readonly writes = new Map<string, Promise<void>>();
  /** Per account: bumped by each local change, so a read that started before it is not applied. */
  private readonly versions = new Map<string, number>();
  private readonly stop: (() => void)[] = [];
  /** The first read at start-up (awaited by idle(), so closing never races it). */
  private readonly initial: Promise<void>;

  constructor(private readonly d: AccountStateSyncDeps) {
    this.stop.push(d.accounts.onStatusChange((id, needsReauth) => this.persist(id, needsReauth)));
    this.stop.push(
      d.bus.subscribe((e) => {
        if (e.type === 'account_updated' && e.needsReauth !== undefined) void this.refresh(e.accountId);
      }, 'cluster'),
    );
    const timer = setInterval(() => void this.refreshAll(), d.refreshMs ?? 60_000);
    timer.unref();
    this.stop.push(() => clearInterval(timer));
    this.initial = this.refreshAll();
  }

  close(): void {
    for (const s of this.stop) s();
  }

  /** Resolves when every local change is in the store (tests, shutdown). */
  async idle(): Promise<void> {
    await this.initial;
    await Promise.all([...this.writes.values()]);
  }

  async refreshAll(): Promise<void> {
    await Promise.all(this.d.accounts.ids().map((id) => this.refresh(id)));
  }

  /** Apply what the store says, unless this instance changed the account since the read began. */
  private async refresh(accountId: string): Promise<void> {
    const version = this.versions.get(accountId) ?? 0;
    try {
      const state = await this.d.store.getAccountState(accountId);
      if (this.writes.has(accountId) || (this.versions.get(accountId) ?? 0) !== version) return;
      this.d.accounts.applyShared(accountId, state?.needsReauth ?? null);
    } catch (err) {
      this.d.log.warn({ err, accountId }, 'reading the account state failed; keeping what this instance knows');
    }
  }

  private persist(accountId: string, needsReauth: NeedsReauth): void {
    this.versions.set(accountId, (this.versions.get(accountId) ?? 0) + 1);
    const previous = this.writes.get(accountId) ?? Promise.resolve();
    const mine = previous.then(() => this.write(accountId, needsReauth ?? null));
    this.writes.set(accountId, mine);
    void mine.finally(() => {
      if (this.writes.get(accountId) === mine) this.writes.delete(accountId);
    });
  }

  private async write(accountId: string, needsReauth: NonNullable<NeedsReauth> | null): Promise<void> {
    const { store, bus, now, log } = this.d;
    try {
      const logged = await store.transaction(async (tx) => {
        const state = (await tx.getAccountState(accountId)) ?? { accountId };
        // Every instance that meets the rejected token reports it: the first one announces it.
        if (!!state.needsReauth === !!needsReauth) return null;
        await tx.putAccountState({ ...state, needsReauth, updatedAt: now() });
        return tx.appendEvent({ type: 'account_updated', accountId, at: now(), paused: state.paused ?? null, needsReauth: needsReauth !== null });
      });
      if (logged) bus.publish(logged);
    } catch (err) {
      // This instance still acts on what it learned; the others learn it on the next rejection.
      log.warn({ err, accountId }, 'saving the account token state failed');
    }
  }
}
