/**
 * The sending half of @kit/proxy, assembled: outbox worker, rate limits, echo reconciliation,
 * consent keywords and the routes that send (messages, reactions, attachments, conversation
 * state). createKitProxy mounts `router` and calls `close()` / `idle()`.
 */
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import type { AccountRegistry } from '../accounts';
import type { Authorizer } from '../http/authorize';
import type { EventBus } from '../live/bus';
import type { GraphClient } from '../graph/client';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KitAccountFlavor, KitConversation } from '@kit/core';
import { attachmentRoutes, type UploadMode } from './attachments-route';
import { commentRoutes } from './comments-route';
import { conversationStateRoutes, type SenderActionOptions } from './conversation-state-route';
import { messageRoutes } from './messages-route';
import { messengerProfileRoutes } from './messenger-profile-route';
import { reactionRoutes } from './reactions-route';
import type { AppSecrets } from '../secrets';
import type { Store } from '../store/types';
import { MediaStore } from './uploads/media-store';
import { MediaUrlSigner } from './uploads/signed-url';
import type { AcceptDeps } from './accept';
import { ConsentKeywords, watchConsentKeywords, type ConsentOptions } from './consent';
import { resolveDisclosure, type DisclosureOptions } from './disclosure';
import type { AccountLimits } from '../limits/account-limits';
import { OutboxWorker, resolveOutboxOptions, type OutboxOptions } from './outbox';
import { EchoReconciler } from './reconcile';
import { AttachmentIds, referenceChecker } from './references';
import { PauseSwitch, pauseRoutes } from './pause';
import { outboxRoutes } from './outbox-route';

export interface SendingOptions {
  outbox?: OutboxOptions;
  disclosure?: DisclosureOptions | false;
  consent?: ConsentOptions;
  senderActions?: SenderActionOptions;
  uploads?: UploadOptions;
}

export interface UploadOptions {
  /** Where uploads are streamed to and URL-served media kept. Default `<os tmpdir>/kit-uploads`. */
  dir?: string;
  /** Lifetime of signed media URLs. Default 24 h (a queued send may wait a while). */
  urlTtlMs?: number;
  /** How each flavor hands files to Meta. Default page: Attachment Upload API, instagram: signed URL. */
  mode?: Partial<Record<KitAccountFlavor, UploadMode>>;
  /** Deadline for one Attachment Upload API call. Default 120 s. */
  uploadTimeoutMs?: number;
}

export interface SendingDeps {
  store: Store;
  bus: EventBus;
  graph: GraphClient;
  accounts: AccountRegistry;
  authorizer: Authorizer;
  log: Logger;
  now: () => number;
  secrets: AppSecrets;
  /** The account call budgets, shared with the reads. */
  limits: AccountLimits;
  publicUrl?: string | undefined;
  options: SendingOptions;
  /** `routing.sendWhenNotOwner: 'take'`: how an agent's send takes a thread another app holds. */
  takeThread?: ((accountId: string, conversation: KitConversation) => Promise<unknown>) | undefined;
}

export interface Sending {
  router: Router;
  worker: OutboxWorker;
  limits: AccountLimits;
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createSending(d: SendingDeps): Sending {
  const options = resolveOutboxOptions(d.options.outbox);
  const disclosure = resolveDisclosure(d.options.disclosure);
  const limits = d.limits;
  let reconciler: EchoReconciler | null = null;
  const pauses = new PauseSwitch({ store: d.store, bus: d.bus, now: d.now });
  const worker = new OutboxWorker({
    store: d.store,
    bus: d.bus,
    graph: d.graph,
    accounts: d.accounts,
    limits,
    log: d.log,
    now: d.now,
    options,
    onUncertain: (s) => reconciler?.sendTurnedUncertain(s),
    pauses,
  });
  reconciler = new EchoReconciler({ store: d.store, bus: d.bus, log: d.log, now: d.now, worker, graceMs: options.echoGraceMs, accountIds: () => d.accounts.ids() });
  const consent = watchConsentKeywords({ store: d.store, bus: d.bus, log: d.log, now: d.now, keywords: new ConsentKeywords(d.options.consent) });
  const attachmentIds = new AttachmentIds(d.secrets.all());
  const checkReferences = referenceChecker({ attachmentIds, graph: d.graph });
  const accept: AcceptDeps = { store: d.store, bus: d.bus, accounts: d.accounts, worker, disclosure, now: d.now, options, checkReferences };

  const router = express.Router();
  router.use(outboxRoutes({ store: d.store, accounts: d.accounts, authorizer: d.authorizer }));
  router.use(pauseRoutes({ accounts: d.accounts, authorizer: d.authorizer, pauses, now: d.now, resumed: () => worker.kick() }));
  router.use(messageRoutes({ store: d.store, accounts: d.accounts, authorizer: d.authorizer, graph: d.graph, worker, accept, waitMs: options.waitMs, now: d.now, takeThread: d.takeThread }));
  router.use(commentRoutes({ store: d.store, bus: d.bus, accounts: d.accounts, authorizer: d.authorizer, graph: d.graph, worker, accept, waitMs: options.waitMs, now: d.now }));
  const actionDeps = { graph: d.graph, accounts: d.accounts, limits };
  router.use(messengerProfileRoutes({ accounts: d.accounts, authorizer: d.authorizer, graph: d.graph }));
  router.use(reactionRoutes({ ...actionDeps, store: d.store, bus: d.bus, authorizer: d.authorizer, now: d.now }));
  router.use(conversationStateRoutes({ ...actionDeps, store: d.store, bus: d.bus, authorizer: d.authorizer, log: d.log, now: d.now, senderActions: d.options.senderActions ?? {} }));
  const uploads = d.options.uploads ?? {};
  const media = new MediaStore(uploads.dir ?? join(tmpdir(), 'kit-uploads'), d.now);
  const secret = d.secrets.all()[0] as string;
  router.use(
    attachmentRoutes({
      ...actionDeps,
      authorizer: d.authorizer,
      log: d.log,
      now: d.now,
      media,
      signer: new MediaUrlSigner(secret),
      attachmentIds,
      publicUrl: d.publicUrl,
      urlTtlMs: uploads.urlTtlMs ?? 24 * 3_600_000,
      mode: { page: uploads.mode?.page ?? 'upload', instagram: uploads.mode?.instagram ?? 'url', unified: uploads.mode?.unified ?? 'upload' },
      uploadTimeoutMs: uploads.uploadTimeoutMs ?? 120_000,
    }),
  );
  const sweep = () => void media.sweep().catch((err: unknown) => d.log.warn({ err }, 'could not sweep expired uploads'));
  sweep();
  const sweeper = setInterval(sweep, 10 * 60_000);
  sweeper.unref();

  reconciler.start();
  worker.start();

  return {
    router,
    worker,
    limits,
    async idle() {
      await worker.idle();
      await reconciler.idle();
      await consent.idle();
    },
    async close() {
      clearInterval(sweeper);
      consent.stop();
      reconciler.close();
      pauses.close();
      await worker.close();
    },
  };
}
