/**
 * The operator's pause switch (when Meta's side is broken — summer 2026, every Instagram send
 * failed with "100 Unsupported request" for weeks — failing each message one by one helps nobody):
 *   POST /accounts/:accountId/pause   { message }   (action `accounts.pause`)
 *   POST /accounts/:accountId/resume  {}            (action `accounts.pause`)
 * While an account is paused its sends are accepted and wait `queued`; none is attempted and none
 * fails because of it. Resume lets them go in the order they were accepted. The state lives in
 * the store (AccountState.paused), so every instance honours it; an `account_updated` event tells
 * the other instances and every open inbox, which shows the operator's message above the composer.
 */
import type { KitAccountPause } from '@kit/core';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { AccountRegistry } from '../accounts';
import { authorizedAccount, type Authorizer } from '../http/authorize';
import { asyncHandler } from '../http/async-handler';
import { validateBody } from '../http/validate';
import type { EventBus } from '../live/bus';
import type { Store } from '../store/types';

/**
 * How long an instance trusts what it last read. Another instance's flip arrives at once as an
 * `account_updated` event (the Postgres bus carries it across); re-reading is the safety net for a
 * bus that does not (a host's own).
 */
const CACHE_MS = 5000;

export class PauseSwitch {
  private readonly cache = new Map<string, { paused: KitAccountPause | null; readAt: number }>();

  private readonly unsubscribe: () => void;

  constructor(private readonly d: { store: Store; bus: EventBus; now: () => number }) {
    this.unsubscribe = d.bus.subscribe((e) => {
      if (e.type === 'account_updated') this.cache.set(e.accountId, { paused: e.paused, readAt: performance.now() });
    }, 'cluster');
  }

  close(): void {
    this.unsubscribe();
  }

  /** The account's pause, read at most every CACHE_MS (the outbox asks before each send). */
  async pausedOf(accountId: string): Promise<KitAccountPause | null> {
    // Real time, not the kit's clock (tests and hosts may freeze that one).
    const hit = this.cache.get(accountId);
    const now = performance.now();
    if (hit && now - hit.readAt < CACHE_MS) return hit.paused;
    const paused = (await this.d.store.getAccountState(accountId))?.paused ?? null;
    this.cache.set(accountId, { paused, readAt: now });
    return paused;
  }

  async set(accountId: string, paused: KitAccountPause | null): Promise<void> {
    const { store, bus, now } = this.d;
    // The state and its event in one transaction: every inbox that sees the event finds the state.
    const logged = await store.transaction(async (tx) => {
      const state = (await tx.getAccountState(accountId)) ?? { accountId };
      await tx.putAccountState({ ...state, paused, updatedAt: now() });
      return tx.appendEvent({ type: 'account_updated', accountId, at: now(), paused });
    });
    this.cache.set(accountId, { paused, readAt: performance.now() });
    bus.publish(logged);
  }
}

const pauseBody = validateBody(
  z.strictObject({
    message: z
      .string({ error: '`message` must be the text agents see while sending is paused, e.g. "Instagram is failing sends; we resume when Meta fixes it".' })
      .trim()
      .min(1, { error: '`message` must not be empty: tell the agents why sending is paused.' })
      .max(500, { error: '`message` must be at most 500 characters.' }),
  }),
  { codes: { message: 'invalid_pause_message' } },
);
const resumeBody = validateBody(z.strictObject({}));

export function pauseRoutes(o: { accounts: AccountRegistry; authorizer: Authorizer; pauses: PauseSwitch; now: () => number; resumed: () => void }): Router {
  const router = express.Router();
  router.post(
    '/accounts/:accountId/pause',
    express.json({ limit: '8kb' }),
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'accounts.pause');
      const { message } = pauseBody(req);
      const paused = { message, since: o.now() };
      await o.pauses.set(accountId, paused);
      res.json({ accountId, paused });
    }),
  );
  router.post(
    '/accounts/:accountId/resume',
    express.json({ limit: '8kb' }),
    asyncHandler(async (req, res) => {
      const accountId = await authorizedAccount(req, o.accounts, o.authorizer, 'accounts.pause');
      resumeBody(req);
      await o.pauses.set(accountId, null);
      o.resumed();
      res.json({ accountId, paused: null });
    }),
  );
  return router;
}
