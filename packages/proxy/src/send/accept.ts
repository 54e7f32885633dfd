/**
 * Accepting a send: the write-ahead half of the outbox. One transaction checks idempotency
 * (clientId), the window/consent policy from the store, decides whether the automated-experience
 * notice must go first, and writes the row(s), the local message(s), the conversation's
 * disclosure state and the events. Only then does the worker see it. A refusal writes nothing.
 */
import { conversationId, type KitEvent, withWindowState } from '@kit/core';
import type { AccountRegistry } from '../accounts';
import { KitHttpError } from '../http/errors';
import type { EventBus } from '../live/bus';
import type { LoggedEvent, OutboxSend, Store } from '../store/types';
import { decideDisclosure, disclosureText, nextDisclosureState, type DisclosureConfig } from './disclosure';
import type { OutboxWorker, ResolvedOutboxOptions } from './outbox';
import { requireSendPolicy } from './policy';
import { recordQueued, requestOf, type StoredSendRequest } from './records';
import type { CheckReferences } from './references';
import { withSpan } from '../tracing';
import { contentOf, fingerprint, type SendBody } from './validate';

export interface AcceptDeps {
  store: Store;
  bus: EventBus;
  accounts: AccountRegistry;
  worker: OutboxWorker;
  disclosure: DisclosureConfig | null;
  now: () => number;
  options: ResolvedOutboxOptions;
  /** Refuses ids (replyTo, attachment, post) that are not the account's. */
  checkReferences: CheckReferences;
}

/** Suffix of the notice row's clientId; `#` cannot occur in a client's own id (CLIENT_ID_RE). */
export const DISCLOSURE_SUFFIX = '#disclosure';

function sameRequest(s: OutboxSend, fp: string): void {
  if (requestOf(s).fingerprint !== fp) {
    throw new KitHttpError(
      409,
      'client_id_reused',
      `clientId ${s.clientId} was already used for a different message. Use a new clientId for a new message; repeat the exact same request to get the original's status.`,
    );
  }
}

export function acceptSend(d: AcceptDeps, accountId: string, body: SendBody): Promise<{ send: OutboxSend; inserted: boolean }> {
  return withSpan('kit.send.accept', { 'kit.account.id': accountId, 'kit.client_id': body.clientId }, async (span) => {
    const accepted = await accept(d, accountId, body);
    span.setAttribute('kit.send.inserted', accepted.inserted);
    return accepted;
  });
}

async function accept(d: AcceptDeps, accountId: string, body: SendBody): Promise<{ send: OutboxSend; inserted: boolean }> {
  const fp = fingerprint(body);
  // A repeat is answered from the store without checking its references again (that may ask
  // Graph). A body without references has nothing to check: the transaction's own read below
  // finds a repeat, and a new send saves this read.
  const hasReferences = body.replyTo !== undefined || body.share !== undefined || (body.attachments ?? []).some((a) => a.attachmentId !== undefined);
  const existing = hasReferences ? await d.store.getSendByClientId(accountId, body.clientId) : null;
  if (existing) {
    sameRequest(existing, fp);
    return { send: existing, inserted: false };
  }
  const cid = conversationId(accountId, body.to);
  // Before the transaction: the post check may ask Graph, which must not hold a store transaction.
  await d.checkReferences(d.store, accountId, cid, body);
  const businessId = d.accounts.info(accountId)?.igUserId ?? accountId;
  // When this worker can take the send, its insert also claims it (if its conversation has no
  // unfinished send): the worker starts on it right after the commit, no claim transaction.
  const claim = await d.worker.claimOnInsert(accountId);
  const insertOptions = claim ? { claim } : undefined;

  const result = await d.store.transaction(async (tx) => {
    const again = await tx.getSendByClientId(accountId, body.clientId);
    if (again) {
      sameRequest(again, fp);
      return { send: again, inserted: false, logged: [] as LoggedEvent[], notice: null };
    }
    const now = d.now();
    const conversation = await tx.getConversation(cid);
    const { tag } = requireSendPolicy({ conversation, automated: body.automated, tag: body.tag, now, humanAgentEnabled: d.options.humanAgentEnabled });
    if (!conversation) throw new Error('policy allowed a send without a conversation'); // unreachable: the window needs one
    const events: KitEvent[] = [];
    // The conversation as this transaction holds it (read and locked above), kept current by the
    // writes below instead of being read again after each.
    const held = { conversation };
    let noticeRow: OutboxSend | null = null;

    let needsDisclosure: string | undefined;
    let disclosedAt: number | null = null;
    let locale: string | undefined;
    if (d.disclosure && body.automated) {
      const decision = await decideDisclosure(tx, d.disclosure, conversation, true, now);
      if (decision.due) {
        const notice = disclosureText(d.disclosure, conversation);
        const noticeRequest: StoredSendRequest = {
          content: { text: notice.text },
          automated: true,
          fingerprint: '',
          disclosure: { for: body.clientId, reason: decision.reason, locale: notice.locale },
        };
        const { send } = await tx.insertSend(
          {
            accountId,
            clientId: body.clientId + DISCLOSURE_SUFFIX,
            conversationId: cid,
            to: body.to,
            request: noticeRequest,
            // Just before the message: the claim order (created_at) and the lane keep it first.
            createdAt: now - 1,
          },
          insertOptions,
        );
        noticeRow = send;
        events.push(...(await recordQueued(tx, send, businessId, now, held)));
        needsDisclosure = send.clientId;
        disclosedAt = now;
        locale = notice.locale;
      }
    }

    const request: StoredSendRequest = {
      content: contentOf(body),
      automated: body.automated,
      fingerprint: fp,
      ...(body.replyTo ? { replyTo: body.replyTo } : {}),
      ...(body.tag ? { requestedTag: body.tag } : {}),
      ...(tag ? { tag } : {}),
      ...(body.messagingType ? { messagingType: body.messagingType } : {}),
      ...(needsDisclosure ? { needsDisclosure } : {}),
    };
    // Behind a notice, the lane is not free: this row is claimed once the notice went out.
    const { send, inserted } = await tx.insertSend({ accountId, clientId: body.clientId, conversationId: cid, to: body.to, request, createdAt: now }, insertOptions);
    events.push(...(await recordQueued(tx, send, businessId, now, held)));

    // Disclosure state for the banner and the next decision (who wrote last, when disclosed).
    const c = held.conversation;
    const state = nextDisclosureState(c.disclosure, body.automated, disclosedAt, locale);
    if (JSON.stringify(state) !== JSON.stringify(c.disclosure ?? null)) {
      const next = withWindowState({ ...c, disclosure: state, updatedAt: now }, now);
      await tx.putConversation(next);
      events.push({ type: 'conversation_updated', accountId, conversationId: cid, at: now, conversation: next });
    }
    const logged: LoggedEvent[] = [];
    for (const e of events) logged.push(await tx.appendEvent(e));
    return { send, inserted, logged, notice: noticeRow };
  });
  for (const e of result.logged) d.bus.publish(e);
  if (result.inserted) {
    if (result.notice) d.worker.accepted(result.notice);
    d.worker.accepted(result.send);
  }
  return { send: result.send, inserted: result.inserted };
}
